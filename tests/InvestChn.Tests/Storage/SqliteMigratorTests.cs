using Dapper;
using InvestChn.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace InvestChn.Tests.Storage;

public class SqliteMigratorTests
{
    [Fact]
    public async Task MigrateAsync_EmptyDatabase_AppliesEveryMigrationInWalMode()
    {
        await using var store = await TestStore.CreateAsync(migrate: false);

        var applied = await store.Migrator.MigrateAsync();

        Assert.Equal(SqliteMigrator.Migrations.Count, applied);
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(SqliteMigrator.Migrations[^1].Version, await connection.ExecuteScalarAsync<long>("SELECT MAX(version) FROM schema_migrations"));
    }

    [Fact]
    public async Task OpenAsync_AnyConnection_WalSettingsOfTheStore()
    {
        await using var store = await TestStore.CreateAsync();
        var database = new SqliteDatabase($"Data Source={store.DatabasePath}");

        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes);

        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        // synchronous NORMAL is 1.
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"));
        Assert.Equal(SqliteDatabase.CheckpointPages, await connection.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint"));
        Assert.Equal(-SqliteDatabase.SmallCacheKibibytes, await connection.ExecuteScalarAsync<long>("PRAGMA cache_size"));
    }

    [Theory]
    [InlineData(0, "ix_deliveries_lease")]
    [InlineData(1, "ix_deliveries_deferred")]
    [InlineData(2, "ix_deliveries_pending")]
    public async Task ClaimQueries_EachKindOfDueRow_SearchesItsOwnIndex(int kind, string index)
    {
        await using var store = await TestStore.CreateAsync();
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(
            "EXPLAIN QUERY PLAN " + SqliteDigestStore.DueQueries[kind], new { now = 0L, left = 16, owner = "me" })).Select(row => row.Detail).ToList();

        // One search over the index, already in claim order: no table scan, no sort.
        var step = Assert.Single(plan);
        Assert.StartsWith("SEARCH deliveries USING ", step);
        Assert.Contains($"INDEX {index} (", step);
    }

    [Fact]
    public async Task MigrateAsync_DueIndexes_HoldOnlyTheRowsAClaimCanTake()
    {
        await using var store = await TestStore.CreateAsync();
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");

        // The partial indexes hold only what a claim can take: pending and deferred rows.
        var indexes = (await connection.QueryAsync<(string Name, string Sql)>(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries' AND sql IS NOT NULL ORDER BY name")).ToDictionary(i => i.Name, i => i.Sql);

        Assert.DoesNotContain("ix_deliveries_due", indexes.Keys);
        Assert.EndsWith("WHERE status = 'pending'", indexes["ix_deliveries_pending"]);
        Assert.EndsWith("WHERE status = 'deferred'", indexes["ix_deliveries_deferred"]);
    }

    [Fact]
    public async Task MigrateAsync_ExistingDatabase_AppliesNothingAndKeepsTheArticles()
    {
        await using var store = await TestStore.CreateAsync();
        await store.Importer.ImportAsync([TestPaths.Seeds]);
        var count = await store.Articles.CountAsync();

        var applied = await store.Migrator.MigrateAsync();

        Assert.Equal(0, applied);
        Assert.Equal(count, await store.Articles.CountAsync());
    }

    [Fact]
    public async Task MigrateAsync_TwoStartingAtOnce_ApplyEachMigrationOnce()
    {
        await using var store = await TestStore.CreateAsync(migrate: false);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.Migrator.MigrateAsync())));

        Assert.Equal(SqliteMigrator.Migrations.Count, results.Sum());
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFromANewerVersion_Refuses()
    {
        await using var store = await TestStore.CreateAsync();
        await using (var connection = new SqliteConnection($"Data Source={store.DatabasePath}"))
        {
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future', 0)");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.Migrator.MigrateAsync());

        Assert.Contains("newer than this build", error.Message, StringComparison.Ordinal);
    }
}
