using System.Data.Common;
using Dapper;
using InvestChn.Articles;
using InvestChn.Storage.Sqlite;

namespace InvestChn.Storage.Postgres;

/// <summary>The article store on PostgreSQL; rows map as in SQLite (<see cref="ArticleRow"/>).</summary>
public sealed class PostgresArticleStore(PostgresDatabase database) : ArticleStore(SqlDialect.Postgres)
{
    /// <summary>The transaction-scoped advisory lock imports hold: import sequences and versions are read and written by one import at a time.</summary>
    internal const long ImportLockKey = 0x1_4e75_3444;

    public override async Task<IArticleImportSession> BeginImportAsync(CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = ImportLockKey }, transaction, cancellationToken: cancellationToken));
            return new ArticleImportSession(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await database.OpenAsync(cancellationToken);
}
