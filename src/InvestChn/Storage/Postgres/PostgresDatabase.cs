using Microsoft.Extensions.Options;
using Npgsql;

namespace InvestChn.Storage.Postgres;

/// <summary>The pooled data source of the PostgreSQL store; every connection of the process comes from it.</summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(IOptions<StorageOptions> options)
        : this(options.Value.ConnectionString)
    {
    }

    public PostgresDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Describe = $"{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Host, port and database, for messages: never the password.</summary>
    public string Describe { get; }

    /// <summary>The connection string as Quartz needs it for its own connections.</summary>
    public string ConnectionString => _dataSource.ConnectionString;

    /// <summary>Opens a pooled connection.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
