using Dapper;
using Microsoft.Extensions.Logging;

namespace InvestChn.Storage.Sqlite;

/// <summary>
/// Applies the numbered scripts under <c>Storage/Sqlite/Migrations</c> that the database has not
/// seen yet, each in its own immediate transaction, and records them in <c>schema_migrations</c>.
/// </summary>
public sealed partial class SqliteMigrator(SqliteDatabase database, TimeProvider time, ILogger<SqliteMigrator> logger) : IStoreMigrator
{
    private const string ResourcePrefix = "InvestChn.Storage.Sqlite.Migrations.";

    /// <summary>The scripts this build ships, ordered by version.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } = Migration.Embedded(ResourcePrefix);

    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");

        var applied = 0;
        foreach (var migration in Migrations)
        {
            // The immediate transaction takes the write lock first, so two processes starting at
            // once apply each script once: the second sees the first one's row and skips it.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var done = await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version", new { migration.Version }, transaction);
            if (done == 0)
            {
                await connection.ExecuteAsync(migration.Sql, transaction: transaction);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @At)",
                    new { migration.Version, migration.Name, At = time.GetUtcNow().ToUnixTimeMilliseconds() },
                    transaction);
                applied++;
                LogApplied(migration.Version, migration.Name);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var newest = await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        if (newest > Migrations[^1].Version)
        {
            throw new InvalidOperationException(
                $"The database {database.FilePath} has schema version {newest}, newer than this build knows ({Migrations[^1].Version}); upgrade the program instead of using an older one.");
        }

        return applied;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} ({Name})")]
    private partial void LogApplied(int version, string name);
}
