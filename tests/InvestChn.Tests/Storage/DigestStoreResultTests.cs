using InvestChn.Storage;
using InvestChn.Subscribers;

namespace InvestChn.Tests.Storage;

/// <summary>Recording send results: many senders at once (committed together), other owners' rows, bounces, retries, skips.</summary>
public class DigestStoreResultTests
{
    private const string Owner = "node-a:1:run";

    [SkippableTheory]
    [StoreProviders]
    public async Task CompleteAsync_ManySendersAtOnce_EveryResultRecordedOnce(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var items = await ClaimAsync(store, 60);

        var recorded = await Task.WhenAll(items.Select(i => Task.Run(() =>
            store.Digests.CompleteAsync(new DeliveryResult(i.DeliveryId, i.Subscriber.Id, DeliveryStatus.Sent, $"250 ok {i.DeliveryId}"), Owner, 1))));

        Assert.All(recorded, Assert.True);
        var rows = await store.Digests.ListDeliveriesAsync(null, 0);
        Assert.All(rows, r =>
        {
            Assert.Equal(DeliveryStatus.Sent, r.Status);
            Assert.Equal($"250 ok {r.Id}", r.LastReply);
            Assert.NotNull(r.SentAt);
        });
        Assert.Equal(0, (await store.Digests.CountLeasedAsync()).Count);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task CompleteAsync_RowsOfAnotherOwnerAmongThem_OnlyThoseRefused(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var items = await ClaimAsync(store, 20);

        var recorded = await Task.WhenAll(items.Select((i, n) => Task.Run(() =>
            store.Digests.CompleteAsync(new DeliveryResult(i.DeliveryId, i.Subscriber.Id, DeliveryStatus.Sent, "250 ok"), n % 2 == 0 ? Owner : "someone-else", 1))));

        Assert.Equal(items.Select((_, n) => n % 2 == 0), recorded);
        var counts = await store.Digests.CountDeliveriesAsync();
        Assert.Equal(10, counts[DeliveryStatus.Sent]);
        Assert.Equal(10, counts[DeliveryStatus.Sending]);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task CompleteAsync_EveryKindOfResult_RecordedAsBefore(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var items = await ClaimAsync(store, 3);
        var retryAt = store.Time.GetUtcNow().AddMinutes(5);

        Assert.True(await store.Digests.CompleteAsync(new DeliveryResult(items[0].DeliveryId, items[0].Subscriber.Id, DeliveryStatus.Failed, "550 no such user", HardBounce: true), Owner, 1));
        Assert.True(await store.Digests.CompleteAsync(new DeliveryResult(items[1].DeliveryId, items[1].Subscriber.Id, DeliveryStatus.Deferred, "451 later", retryAt), Owner, 1));
        Assert.True(await store.Digests.CompleteAsync(new DeliveryResult(items[2].DeliveryId, items[2].Subscriber.Id, DeliveryStatus.Skipped, "subscriber is unsubscribed"), Owner, 1));

        var rows = (await store.Digests.ListDeliveriesAsync(null, 0)).ToDictionary(r => r.Id);
        Assert.Equal((DeliveryStatus.Failed, "550 no such user"), (rows[items[0].DeliveryId].Status, rows[items[0].DeliveryId].LastReply));
        Assert.Equal(SubscriberStatus.Bounced, (await store.Subscribers.FindAsync(items[0].Subscriber.Email))!.Status);
        Assert.Equal((DeliveryStatus.Deferred, "451 later", retryAt.ToUnixTimeMilliseconds()), (rows[items[1].DeliveryId].Status, rows[items[1].DeliveryId].LastReply, rows[items[1].DeliveryId].NextAttemptAt.ToUnixTimeMilliseconds()));
        Assert.Equal(SubscriberStatus.Active, (await store.Subscribers.FindAsync(items[1].Subscriber.Email))!.Status);
        Assert.Equal((DeliveryStatus.Skipped, "subscriber is unsubscribed", (string?)null), (rows[items[2].DeliveryId].Status, rows[items[2].DeliveryId].Reason, rows[items[2].DeliveryId].LastReply));
        Assert.Null(rows[items[2].DeliveryId].SentAt);
    }

    private static async Task<IReadOnlyList<OutboxItem>> ClaimAsync(TestStore store, int count)
    {
        var saved = await store.Subscribers.SaveAsync(
            Enumerable.Range(0, count).Select(i => new SubscriberInput($"reader{i}@example.com", "", DigestFrequency.Daily, [], [])).ToList(),
            SubscriberStatus.Active);
        var edition = await store.Digests.OpenEditionAsync(DigestFrequency.Daily, store.Time.GetUtcNow());
        await store.Digests.AddDeliveriesAsync(edition, saved.Select(s => new PlannedDelivery(s.Subscriber.Id, [1], $"m{s.Subscriber.Id}@investchn.com", null)).ToList());
        var items = await store.Digests.ClaimAsync(Owner, count, TimeSpan.FromMinutes(15));
        Assert.Equal(count, items.Count);
        return items;
    }
}
