using InvestChn.Storage;
using InvestChn.Subscribers;
using Npgsql;

namespace InvestChn.Tests.Storage;

/// <summary>The admin API's store queries (subscribers, outbox, readiness) on each provider.</summary>
public class AdminQueriesTests
{
    [SkippableTheory]
    [StoreProviders]
    public async Task SubscriberQueries_ListAsync_FiltersByStatusFrequencyChannelAndTextAndPages(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var saved = await store.Subscribers.SaveAsync(
            [
                new SubscriberInput("a1@example.com", "甲一", DigestFrequency.Daily, ["policy"], []),
                new SubscriberInput("a2@example.com", "甲二", DigestFrequency.Weekly, ["policy", "zone-news"], []),
                new SubscriberInput("b1@example.com", "乙一", DigestFrequency.Daily, ["zone-news"], []),
                new SubscriberInput("b2@example.com", "乙二", DigestFrequency.Weekly, [], []),
                new SubscriberInput("c1@example.com", "丙一", DigestFrequency.Daily, ["policy-local"], []),
            ],
            SubscriberStatus.Active);
        var queries = store.Get<ISubscriberQueries>();
        var b2 = saved.Single(s => s.Subscriber.Email == "b2@example.com").Subscriber.Id;

        Assert.True(await queries.UnsubscribeAsync(b2));
        Assert.False(await queries.UnsubscribeAsync(b2 + 1000));

        Assert.Equal(["a1@example.com", "a2@example.com"], await EmailsAsync(queries, new SubscriberQuery(Channel: "policy")));
        Assert.Equal(["a2@example.com", "b2@example.com"], await EmailsAsync(queries, new SubscriberQuery(Frequency: DigestFrequency.Weekly)));
        Assert.Equal(["b2@example.com"], await EmailsAsync(queries, new SubscriberQuery(Status: SubscriberStatus.Unsubscribed)));
        Assert.Equal(["b1@example.com"], await EmailsAsync(queries, new SubscriberQuery(Search: "乙一")));
        Assert.Equal(["c1@example.com"], await EmailsAsync(queries, new SubscriberQuery(Search: "C1@EXAMPLE")));
        Assert.Equal(["a1@example.com"], await EmailsAsync(queries, new SubscriberQuery(Status: SubscriberStatus.Active, Frequency: DigestFrequency.Daily, Channel: "policy")));

        var page = await queries.ListAsync(new SubscriberQuery(Offset: 2, Limit: 2));
        Assert.Equal(5, page.Total);
        Assert.Equal(["b1@example.com", "b2@example.com"], page.Items.Select(s => s.Email));

        Assert.Equal("乙二", (await queries.GetAsync(b2))?.Name);
        Assert.Null(await queries.GetAsync(b2 + 1000));
        var counts = await queries.CountByStatusAsync();
        Assert.Equal((4L, 1L, 0L), (counts[SubscriberStatus.Active], counts[SubscriberStatus.Unsubscribed], counts[SubscriberStatus.Pending]));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task DeliveryQueries_ListAsync_FiltersByStatusFrequencyEditionAndAddress(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var saved = await store.Subscribers.SaveAsync(
            [
                new SubscriberInput("One@example.com", "", DigestFrequency.Daily, [], []),
                new SubscriberInput("two@example.com", "", DigestFrequency.Daily, [], []),
            ],
            SubscriberStatus.Active);
        var older = await store.Digests.OpenEditionAsync(DigestFrequency.Daily, store.Time.GetUtcNow().AddDays(-1));
        var newer = await store.Digests.OpenEditionAsync(DigestFrequency.Weekly, store.Time.GetUtcNow());
        foreach (var edition in new[] { older, newer })
        {
            await store.Digests.AddDeliveriesAsync(edition, saved.Select(s => new PlannedDelivery(s.Subscriber.Id, [1], $"m{edition.Id}.{s.Subscriber.Id}@investchn.com", null)).ToList());
        }

        var claimed = await store.Digests.ClaimAsync("node", 1, TimeSpan.FromMinutes(15));
        var first = Assert.Single(claimed);
        Assert.True(await store.Digests.CompleteAsync(new DeliveryResult(first.DeliveryId, first.Subscriber.Id, DeliveryStatus.Sent, "250 ok"), "node", bounceLimit: 3));
        var queries = store.Get<IDeliveryQueries>();

        var all = await queries.ListAsync(new DeliveryQuery());
        var mine = await queries.ListAsync(new DeliveryQuery(Email: "ONE@example.com"));
        var inOlder = await queries.ListAsync(new DeliveryQuery(EditionId: older.Id, Limit: 1));
        var weekly = await queries.ListAsync(new DeliveryQuery(Frequency: DigestFrequency.Weekly));
        var sent = await queries.ListAsync(new DeliveryQuery(Status: DeliveryStatus.Sent));
        var none = await queries.ListAsync(new DeliveryQuery(EditionId: newer.Id + 100));

        // Newest edition first, then by address.
        Assert.Equal(
            [(DigestFrequency.Weekly, "One@example.com"), (DigestFrequency.Weekly, "two@example.com"), (DigestFrequency.Daily, "One@example.com"), (DigestFrequency.Daily, "two@example.com")],
            all.Items.Select(r => (r.Frequency, r.Email)));
        Assert.Equal(4, all.Total);
        Assert.Equal(2, mine.Total);
        Assert.All(mine.Items, r => Assert.Equal("One@example.com", r.Email));
        Assert.Equal((2L, 1), (inOlder.Total, inOlder.Items.Count));
        Assert.Equal(2, weekly.Total);
        Assert.Equal(first.DeliveryId, Assert.Single(sent.Items).Id);
        Assert.Equal(0, none.Total);
        Assert.Empty(none.Items);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task DeliveryQueries_CountByEditionAsync_NewestEditionsWithEveryStatusCounted(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var saved = await store.Subscribers.SaveAsync(
            Enumerable.Range(0, 3).Select(i => new SubscriberInput($"reader{i}@example.com", "", DigestFrequency.Daily, [], [])).ToList(),
            SubscriberStatus.Active);
        var oldest = await store.Digests.OpenEditionAsync(DigestFrequency.Daily, store.Time.GetUtcNow().AddDays(-2));
        var middle = await store.Digests.OpenEditionAsync(DigestFrequency.Daily, store.Time.GetUtcNow().AddDays(-1));
        var empty = await store.Digests.OpenEditionAsync(DigestFrequency.Weekly, store.Time.GetUtcNow());
        await store.Digests.AddDeliveriesAsync(oldest, saved.Select(s => new PlannedDelivery(s.Subscriber.Id, [1], $"o{s.Subscriber.Id}@investchn.com", null)).ToList());
        await store.Digests.AddDeliveriesAsync(middle, saved.Select((s, i) => new PlannedDelivery(s.Subscriber.Id, i == 0 ? [] : [1], $"m{s.Subscriber.Id}@investchn.com", i == 0 ? "nothing new" : null)).ToList());

        var counts = await store.Get<IDeliveryQueries>().CountByEditionAsync(2);

        Assert.Equal([empty.Id, middle.Id], counts.Select(c => c.Edition.Id));
        Assert.Equal(DigestFrequency.Weekly, counts[0].Edition.Frequency);
        Assert.All(counts[0].Counts.Values, c => Assert.Equal(0, c));
        Assert.Equal(Enum.GetValues<DeliveryStatus>().Length, counts[1].Counts.Count);
        Assert.Equal((2L, 1L, 0L), (counts[1].Counts[DeliveryStatus.Pending], counts[1].Counts[DeliveryStatus.Skipped], counts[1].Counts[DeliveryStatus.Sent]));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task StoreProbe_CheckAsync_MigratedAnswersNullAndUnmigratedSaysSo(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider, migrate: false);
        var probe = store.Get<IStoreProbe>();

        var before = await probe.CheckAsync();
        await store.Migrator.MigrateAsync();
        var after = await probe.CheckAsync();

        Assert.NotNull(before);
        Assert.StartsWith("store: ", before, StringComparison.Ordinal);
        if (provider == StorageOptions.Postgres)
        {
            // A database nobody migrated is told apart from one that cannot be reached.
            Assert.StartsWith("store: schema version 0, this build needs ", before, StringComparison.Ordinal);
        }

        Assert.Null(after);
    }

    [SkippableFact]
    public async Task StoreProbe_CheckAsync_PostgresNotListening_NamesTheServerAndNeverThePassword()
    {
        TestPostgres.RequireServer();
        var port = FreePort();
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "investchn", Password = "probe-secret-4711", Database = "investchn", Timeout = 3,
        }.ConnectionString;
        await using var store = await TestStore.CreateOnAsync(StorageOptions.Postgres, migrate: false, settings: new() { ["Storage:ConnectionString"] = connectionString });

        var problem = await store.Get<IStoreProbe>().CheckAsync();

        Assert.NotNull(problem);
        Assert.StartsWith($"store: 127.0.0.1:{port}/investchn: ", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("probe-secret-4711", problem, StringComparison.Ordinal);
    }

    private static async Task<List<string>> EmailsAsync(ISubscriberQueries queries, SubscriberQuery query) =>
        (await queries.ListAsync(query)).Items.Select(s => s.Email).ToList();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
