using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace InvestChn.Storage.Sqlite;

/// <summary>Opens connections to the SQLite file with the settings every connection needs.</summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(IOptions<StorageOptions> options)
        : this(options.Value.ConnectionString)
    {
    }

    public SqliteDatabase(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal) && builder.Mode != SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource);
            FilePath = builder.DataSource;
        }

        builder.ForeignKeys ??= true;
        if (builder.DefaultTimeout == 30)
        {
            builder.DefaultTimeout = 60;
        }

        _connectionString = builder.ToString();
    }

    /// <summary>Absolute path of the database file (null for an in-memory database).</summary>
    public string? FilePath { get; }

    /// <summary>Opens a connection: WAL journal, NORMAL sync (safe with WAL), and a busy timeout so concurrent writers wait instead of failing.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (FilePath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -65536;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
