using Dapper;
using InvestChn.Storage;
using InvestChn.Storage.Postgres;
using InvestChn.Storage.Sqlite;

namespace InvestChn.Tests.Storage;

public class PostgresMigratorTests
{
    [SkippableFact]
    public async Task MigrateAsync_FourNodesStartingAtOnce_ApplyEachMigrationOnce()
    {
        await using var store = await TestStore.CreateOnAsync(StorageOptions.Postgres, migrate: false);
        var nodes = new List<TestStore>();
        for (var i = 0; i < 4; i++)
        {
            // Each its own services and connection pool, as separate processes would have.
            nodes.Add(await TestStore.CreateOnAsync(StorageOptions.Postgres, migrate: false, sharing: store));
        }

        try
        {
            var results = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.Migrator.MigrateAsync())));

            Assert.Equal(PostgresMigrator.Migrations.Count, results.Sum());
            await using var connection = await store.OpenConnectionAsync();
            Assert.Equal(PostgresMigrator.Migrations.Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
            Assert.Equal(0, await store.Migrator.MigrateAsync());
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task MigrateAsync_DatabaseFromANewerVersion_Refuses()
    {
        await using var store = await TestStore.CreateOnAsync(StorageOptions.Postgres);
        await using (var connection = await store.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future', 0)");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.Migrator.MigrateAsync());

        Assert.Contains("newer than this build", error.Message, StringComparison.Ordinal);
        Assert.Contains("9999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrations_SharedNumbers_NameTheSameChangeAsSqlite()
    {
        // Below 100 a number is one change in both stores; PostgreSQL-only changes start at 101.
        var shared = PostgresMigrator.Migrations.Where(m => m.Version < 100).Select(m => m.Name).ToList();

        Assert.Equal(SqliteMigrator.Migrations.Select(m => m.Name), shared);
        Assert.All(PostgresMigrator.Migrations.Where(m => m.Version >= 100), m => Assert.True(m.Version > 100, m.Name));
    }

    [SkippableFact]
    public async Task MigrateAsync_FreshDatabase_CreatesTheJobStoreTables()
    {
        await using var store = await TestStore.CreateOnAsync(StorageOptions.Postgres);
        await using var connection = await store.OpenConnectionAsync();

        var tables = (await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'qrtz%'")).Order().ToList();

        Assert.Equal(
            ["qrtz_blob_triggers", "qrtz_calendars", "qrtz_cron_triggers", "qrtz_fired_triggers", "qrtz_job_details", "qrtz_locks", "qrtz_paused_job_grps", "qrtz_paused_trigger_grps",
             "qrtz_scheduler_state", "qrtz_simple_triggers", "qrtz_simprop_triggers", "qrtz_triggers"],
            tables);
    }
}
