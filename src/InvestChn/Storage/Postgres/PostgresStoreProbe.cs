using Dapper;
using Npgsql;

namespace InvestChn.Storage.Postgres;

/// <summary>Checks that the PostgreSQL server answers and its database holds this build's schema.</summary>
public sealed class PostgresStoreProbe(PostgresDatabase database) : IStoreProbe
{
    public async Task<string?> CheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);

            // A database nobody has migrated yet answers "not applied" rather than a missing-table error.
            var migrated = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT to_regclass('schema_migrations') IS NOT NULL", cancellationToken: cancellationToken));
            var version = migrated
                ? await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken: cancellationToken))
                : 0;
            var expected = PostgresMigrator.Migrations[^1].Version;
            return version < expected ? $"store: schema version {version}, this build needs {expected} (migrations not applied)" : null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // Npgsql's messages name host and port at most, never the password.
            return $"store: {database.Describe}: {e.Message}";
        }
    }
}
