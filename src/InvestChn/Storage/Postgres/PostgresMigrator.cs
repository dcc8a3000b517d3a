using Dapper;
using Microsoft.Extensions.Logging;

namespace InvestChn.Storage.Postgres;

/// <summary>
/// Applies the numbered scripts under <c>Storage/Postgres/Migrations</c> that the database lacks,
/// each in its own transaction, under a session advisory lock: nodes that start at once apply each
/// script once, the others wait and then find it recorded in <c>schema_migrations</c>.
/// </summary>
public sealed partial class PostgresMigrator(PostgresDatabase database, TimeProvider time, ILogger<PostgresMigrator> logger) : IStoreMigrator
{
    private const string ResourcePrefix = "InvestChn.Storage.Postgres.Migrations.";

    /// <summary>The advisory lock key of migrations (any fixed number no other code of this database uses).</summary>
    public const long MigrationLockKey = 0x1_4e75_3443;

    /// <summary>The scripts this build ships, ordered by version.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } = Migration.Embedded(ResourcePrefix);

    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = MigrationLockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)",
                cancellationToken: cancellationToken));
            var done = (await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: cancellationToken))).ToHashSet();
            var applied = 0;
            foreach (var migration in Migrations.Where(m => !done.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @At)",
                    new { Version = (long)migration.Version, migration.Name, At = time.GetUtcNow().ToUnixTimeMilliseconds() },
                    transaction,
                    cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                applied++;
                LogApplied(migration.Version, migration.Name);
            }

            var unknown = done.Where(v => Migrations.All(m => m.Version != v)).Order().ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The database {database.Describe} has migrations newer than this build knows ({string.Join(", ", unknown)}); upgrade the program instead of using an older one.");
            }

            return applied;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = MigrationLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} ({Name})")]
    private partial void LogApplied(int version, string name);
}
