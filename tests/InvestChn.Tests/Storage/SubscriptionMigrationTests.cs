using Dapper;
using InvestChn.Storage;
using InvestChn.Storage.Postgres;
using InvestChn.Storage.Sqlite;
using InvestChn.Subscribers;
using InvestChn.Subscriptions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace InvestChn.Tests.Storage;

public class SubscriptionMigrationTests
{
    [Fact]
    public async Task Migration0004_KeepsOutboxRowsAsDigests_AndOldUnsignedTokensStillWork()
    {
        await using var store = await TestStore.CreateAsync(migrate: false);
        var legacy = SubscriberToken.Create();
        await using (var connection = new SqliteConnection($"Data Source={store.DatabasePath}"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            foreach (var migration in SqliteMigrator.Migrations.Where(m => m.Version <= 3))
            {
                await connection.ExecuteAsync(migration.Sql);
                await connection.ExecuteAsync("INSERT INTO schema_migrations VALUES (@Version, @Name, 0)", migration);
            }

            await connection.ExecuteAsync(
                """
                INSERT INTO subscribers (id, email, email_key, name, status, frequency, channels, keywords, token, cursor_seq, created_at, updated_at)
                VALUES (7, 'old@example.com', 'old@example.com', '', 'active', 'daily', '', '', @legacy, 0, 0, 0);
                INSERT INTO editions (id, frequency, scheduled_at, through_seq, created_at) VALUES (1, 'daily', 0, 0, 0);
                INSERT INTO deliveries (id, edition_id, subscriber_id, status, articles, article_count, message_id, next_attempt_at, created_at, updated_at)
                VALUES (3, 1, 7, 'sent', '1,2', 2, 'm@x', 0, 0, 0);
                """,
                new { legacy });
        }

        Assert.Equal(SqliteMigrator.Migrations.Count - 3, await store.Migrator.MigrateAsync());

        await using (var connection = new SqliteConnection($"Data Source={store.DatabasePath}"))
        {
            var row = await connection.QuerySingleAsync<(long Id, string Kind, long EditionId, string Articles)>("SELECT id, kind, edition_id, articles FROM deliveries");
            Assert.Equal((3L, "digest", 1L, "1,2"), row);
            Assert.Equal(32, (await connection.ExecuteScalarAsync<byte[]>("SELECT key FROM signing_keys WHERE name = 'subscriber-links'"))!.Length);
            await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync(
                "INSERT INTO deliveries (kind, edition_id, subscriber_id, status, articles, article_count, message_id, next_attempt_at, created_at, updated_at) VALUES ('digest', NULL, 7, 'pending', '', 0, 'n@x', 0, 0, 0)"));
        }

        var found = await store.Get<SubscriptionService>().FindByLinkAsync(legacy);
        Assert.Equal("old@example.com", found?.Email);
        Assert.Single(await store.Digests.ListDeliveriesAsync(null, 0));
    }

    [SkippableFact]
    public async Task Migration0004_OnPostgres_KeepsOutboxRowsAsDigests_AndMakesAKey()
    {
        await using var store = await TestStore.CreateOnAsync(StorageOptions.Postgres, migrate: false);
        var legacy = SubscriberToken.Create();
        await using (var connection = await store.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)");
            foreach (var migration in PostgresMigrator.Migrations.Where(m => m.Version <= 3))
            {
                await connection.ExecuteAsync(migration.Sql);
                await connection.ExecuteAsync("INSERT INTO schema_migrations VALUES (@Version, @Name, 0)", new { Version = (long)migration.Version, migration.Name });
            }

            await connection.ExecuteAsync(
                """
                INSERT INTO subscribers (id, email, email_key, name, status, frequency, channels, keywords, token, cursor_seq, created_at, updated_at)
                VALUES (7, 'old@example.com', 'old@example.com', '', 'active', 'daily', '', '', @legacy, 0, 0, 0);
                INSERT INTO editions (id, frequency, scheduled_at, through_seq, created_at) VALUES (1, 'daily', 0, 0, 0);
                INSERT INTO deliveries (id, edition_id, subscriber_id, status, articles, article_count, message_id, next_attempt_at, created_at, updated_at)
                VALUES (3, 1, 7, 'sent', '1,2', 2, 'm@x', 0, 0, 0);
                """,
                new { legacy });
        }

        Assert.Equal(PostgresMigrator.Migrations.Count - 3, await store.Migrator.MigrateAsync());

        await using (var connection = await store.OpenConnectionAsync())
        {
            var row = await connection.QuerySingleAsync<(long Id, string Kind, long EditionId, string Articles)>("SELECT id, kind, edition_id, articles FROM deliveries");
            Assert.Equal((3L, "digest", 1L, "1,2"), row);
            Assert.Equal(32, (await connection.ExecuteScalarAsync<byte[]>("SELECT key FROM signing_keys WHERE name = 'subscriber-links'"))!.Length);
            await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
                "INSERT INTO deliveries (kind, edition_id, subscriber_id, status, articles, article_count, message_id, next_attempt_at, created_at, updated_at) VALUES ('digest', NULL, 7, 'pending', '', 0, 'n@x', 0, 0, 0)"));
            await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
                "INSERT INTO deliveries (kind, edition_id, subscriber_id, status, articles, article_count, message_id, next_attempt_at, created_at, updated_at) VALUES ('confirm', 1, 7, 'pending', '', 0, 'n@x', 0, 0, 0)"));
        }

        var found = await store.Get<SubscriptionService>().FindByLinkAsync(legacy);
        Assert.Equal("old@example.com", found?.Email);
        Assert.Single(await store.Digests.ListDeliveriesAsync(null, 0));
    }

    [SkippableFact]
    public async Task SigningKey_OnPostgres_EveryNodeReadsTheOneTheMigrationMade()
    {
        await using var first = await TestStore.CreateOnAsync(StorageOptions.Postgres);
        await using var second = await TestStore.CreateOnAsync(StorageOptions.Postgres, sharing: first);

        var a = await first.Get<ISubscriptionStore>().GetSigningKeyAsync("subscriber-links");
        var b = await second.Get<ISubscriptionStore>().GetSigningKeyAsync("subscriber-links");
        var made = await first.Get<ISubscriptionStore>().GetSigningKeyAsync("another-key");

        Assert.Equal(32, a.Length);
        Assert.Equal(a, b);
        Assert.Equal(32, made.Length);
        Assert.NotEqual(a, made);
        Assert.Equal(made, await second.Get<ISubscriptionStore>().GetSigningKeyAsync("another-key"));
    }
}
