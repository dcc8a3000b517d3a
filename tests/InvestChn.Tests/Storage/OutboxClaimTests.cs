using System.Collections.Concurrent;
using Dapper;
using InvestChn.Storage;
using InvestChn.Subscribers;

namespace InvestChn.Tests.Storage;

/// <summary>Several nodes claiming from one outbox: each row to one owner at a time, and a dead owner's rows to the others once its lease ends.</summary>
public class OutboxClaimTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    [SkippableTheory]
    [StoreProviders]
    public async Task ClaimAsync_FourNodesClaimingAtOnce_EveryRowClaimedByExactlyOneOwner(string provider)
    {
        await using var first = await TestStore.CreateOnAsync(provider);
        var planned = await PlanAsync(first, 400);
        var nodes = new List<TestStore> { first };
        for (var i = 1; i < 4; i++)
        {
            nodes.Add(await TestStore.CreateOnAsync(provider, sharing: first));
        }

        try
        {
            var claimed = new ConcurrentBag<(string Owner, long DeliveryId)>();
            await Task.WhenAll(nodes.Select((node, i) => Task.Run(async () =>
            {
                var owner = $"node-{i}";
                while ((await node.Digests.ClaimAsync(owner, 7, Lease)) is { Count: > 0 } items)
                {
                    foreach (var item in items)
                    {
                        claimed.Add((owner, item.DeliveryId));
                    }
                }
            })));

            Assert.Equal(planned.Order(), claimed.Select(c => c.DeliveryId).Order());
            Assert.Equal(claimed.Count, claimed.Select(c => c.DeliveryId).Distinct().Count());
            var (leased, _) = await first.Digests.CountLeasedAsync();
            Assert.Equal(planned.Count, leased);
        }
        finally
        {
            foreach (var node in nodes.Skip(1))
            {
                await node.DisposeAsync();
            }
        }
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ClaimAsync_OwnerDiedAndLeaseRanOut_AnotherNodeTakesItsRowsAndTheDeadOwnerCannotRecordThem(string provider)
    {
        await using var dead = await TestStore.CreateOnAsync(provider);
        await using var alive = await TestStore.CreateOnAsync(provider, sharing: dead);
        var planned = await PlanAsync(dead, 5);
        var held = await dead.Digests.ClaimAsync("dead", 5, Lease);
        Assert.Equal(5, held.Count);

        var beforeExpiry = await alive.Digests.ClaimAsync("alive", 5, Lease);
        alive.Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var afterExpiry = await alive.Digests.ClaimAsync("alive", 5, Lease);
        var late = await dead.Digests.CompleteAsync(new DeliveryResult(held[0].DeliveryId, held[0].Subscriber.Id, DeliveryStatus.Sent, "250 ok"), "dead", bounceLimit: 1);

        Assert.Empty(beforeExpiry);
        Assert.Equal(planned.Order(), afterExpiry.Select(i => i.DeliveryId).Order());
        Assert.All(afterExpiry, i => Assert.Equal(2, i.Attempts));
        Assert.False(late);
    }

    [SkippableFact]
    public async Task ClaimAsync_RowsLockedByAnotherNodesClaim_SkipsThemWithoutWaiting()
    {
        await using var store = await TestStore.CreateOnAsync(StorageOptions.Postgres);
        var planned = await PlanAsync(store, 10);

        // Another node's claim in progress: its transaction holds the row locks of the first three rows.
        await using var other = await store.OpenConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        var locked = (await other.QueryAsync<long>("SELECT id FROM deliveries ORDER BY id LIMIT 3 FOR UPDATE", transaction: transaction)).ToList();
        var claim = store.Digests.ClaimAsync("node", 10, Lease);
        var finished = await Task.WhenAny(claim, Task.Delay(TimeSpan.FromSeconds(20)));
        await transaction.RollbackAsync();

        Assert.Same(claim, finished);
        Assert.Equal(planned.Except(locked).Order(), (await claim).Select(i => i.DeliveryId).Order());
    }

    /// <summary>An edition with one pending row for each of <paramref name="count"/> new subscribers; returns the row ids.</summary>
    private static async Task<List<long>> PlanAsync(TestStore store, int count)
    {
        var saved = await store.Subscribers.SaveAsync(
            Enumerable.Range(0, count).Select(i => new SubscriberInput($"reader{i:000}@example.com", "", DigestFrequency.Daily, [], [])).ToList(),
            SubscriberStatus.Active);
        var edition = await store.Digests.OpenEditionAsync(DigestFrequency.Daily, store.Time.GetUtcNow());
        var added = await store.Digests.AddDeliveriesAsync(edition, saved.Select(s => new PlannedDelivery(s.Subscriber.Id, [1], $"m{s.Subscriber.Id}@investchn.com", null)).ToList());
        Assert.Equal(count, added.Count);
        return (await store.Digests.ListDeliveriesAsync(null, 0)).Select(r => r.Id).ToList();
    }
}
