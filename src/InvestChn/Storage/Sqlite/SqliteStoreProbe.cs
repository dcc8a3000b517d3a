using Dapper;
using Microsoft.Data.Sqlite;

namespace InvestChn.Storage.Sqlite;

/// <summary>Checks that the SQLite file opens and holds this build's schema.</summary>
public sealed class SqliteStoreProbe(SqliteDatabase database) : IStoreProbe
{
    public async Task<string?> CheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
            var version = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken: cancellationToken));
            var expected = SqliteMigrator.Migrations[^1].Version;
            return version < expected ? $"store: schema version {version}, this build needs {expected} (migrations not applied)" : null;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return "store: " + e.Message;
        }
    }
}
