using InvestChn.Storage;
using InvestChn.Subscribers;
using InvestChn.Tests.Storage;
using static InvestChn.Tests.Delivery.DeliveryScenario;

namespace InvestChn.Tests.Delivery;

/// <summary>What the outbox looks like after the relay defers, refuses, cuts the line or is down.</summary>
public class DeliveryFaultTests
{
    [SkippableTheory]
    [StoreProviders]
    public async Task DrainAsync_ServerAnswers451Once_RowDeferredByBaseBackoffThenSentOnRetry(string provider)
    {
        // Arrange
        await using var server = await TestSmtpServer.StartAsync();
        await using var store = await TestStore.CreateOnAsync(provider, Settings(server));
        await AddSubscribersAsync(store, "reader@example.com");
        await ImportSomeNewsAsync(store);
        await PlanDailyAsync(store, expectedToSend: 1);
        server.DeferNext(1);
        var firstTry = store.Time.GetUtcNow();

        // Act
        var first = await store.Dispatcher.DrainAsync();
        var deferred = (await RowsAsync(store))["reader@example.com"];
        var beforeRetry = server.Messages.Count;
        store.Time.Advance(TimeSpan.FromSeconds(RetryBaseSeconds + 1));
        var second = await store.Dispatcher.DrainAsync();

        // Assert
        Assert.Equal((0, 1, 0, null), (first.Sent, first.Deferred, first.Failed, first.StopReason));
        Assert.Equal(DeliveryStatus.Deferred, deferred.Status);
        Assert.Equal(1, deferred.Attempts);
        Assert.Equal(firstTry.AddSeconds(RetryBaseSeconds), deferred.NextAttemptAt);
        Assert.StartsWith("451", deferred.LastReply, StringComparison.Ordinal);
        Assert.Contains("try again later", deferred.LastReply, StringComparison.Ordinal);
        Assert.Equal(0, beforeRetry);
        Assert.Equal(SubscriberStatus.Active, (await store.Subscribers.FindAsync("reader@example.com"))!.Status);

        Assert.Equal((1, 0, 0), (second.Sent, second.Deferred, second.Failed));
        var sent = (await RowsAsync(store))["reader@example.com"];
        Assert.Equal(DeliveryStatus.Sent, sent.Status);
        Assert.Equal(2, sent.Attempts);
        var received = Assert.Single(server.Messages);
        Assert.Equal(sent.MessageId, received.Parse().MessageId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DrainAsync_RecipientRefusedWith550_RowFailedSubscriberBouncedOthersSent(bool afterData)
    {
        // Arrange: one connection, so the message after the refused one goes over the same session.
        await using var server = await TestSmtpServer.StartAsync();
        await using var store = await TestStore.CreateAsync(Settings(server, ("Smtp:Connections", "1")));
        await AddSubscribersAsync(store, "good1@example.com", "gone@example.com", "good2@example.com");
        await ImportSomeNewsAsync(store);
        await PlanDailyAsync(store, expectedToSend: 3);
        server.RefuseRecipient("gone@example.com", afterData);

        // Act
        var report = await store.Dispatcher.DrainAsync();

        // Assert
        Assert.Equal((2, 0, 1, null), (report.Sent, report.Deferred, report.Failed, report.StopReason));
        var rows = await RowsAsync(store);
        Assert.Equal(DeliveryStatus.Failed, rows["gone@example.com"].Status);
        Assert.StartsWith("550", rows["gone@example.com"].LastReply, StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Bounced, (await store.Subscribers.FindAsync("gone@example.com"))!.Status);
        foreach (var good in new[] { "good1@example.com", "good2@example.com" })
        {
            Assert.Equal(DeliveryStatus.Sent, rows[good].Status);
            Assert.Equal(SubscriberStatus.Active, (await store.Subscribers.FindAsync(good))!.Status);
            Assert.Equal(rows[good].MessageId, ReceivedBy(server, good).Parse().MessageId);
        }

        Assert.Equal(2, server.Messages.Count);
    }

    [Theory]
    [InlineData(false, 554, "5.7.1 Relay access denied")]
    [InlineData(true, 550, "5.7.1 Message rejected by policy")]
    public async Task DrainAsync_EveryRecipientRefusedOnPolicyGrounds_RowsFailedButNobodyBounced(bool afterData, int code, string text)
    {
        // Arrange: a relay that will not take our mail (no login, wrong network, content policy) refuses every recipient.
        await using var server = await TestSmtpServer.StartAsync();
        await using var store = await TestStore.CreateAsync(Settings(server));
        var readers = Readers(3);
        await AddSubscribersAsync(store, readers);
        await ImportSomeNewsAsync(store);
        await PlanDailyAsync(store, expectedToSend: readers.Length);
        foreach (var reader in readers)
        {
            server.RefuseRecipient(reader, afterData, code, text);
        }

        // Act
        var report = await store.Dispatcher.DrainAsync();

        // Assert: the refusal is about the sender, not the addresses.
        Assert.Equal((0, readers.Length), (report.Sent, report.Failed));
        Assert.Empty(server.Messages);
        foreach (var reader in readers)
        {
            var row = (await RowsAsync(store))[reader];
            Assert.Equal(DeliveryStatus.Failed, row.Status);
            Assert.StartsWith($"{code} {text}", row.LastReply, StringComparison.Ordinal);
            var subscriber = await store.Subscribers.FindAsync(reader);
            Assert.Equal(SubscriberStatus.Active, subscriber!.Status);
            Assert.Equal(0, subscriber.HardFailures);
        }
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task DrainAsync_ConnectionCutDuringData_RowDeferredNotBouncedAndLaterSentWithSameMessageId(string provider)
    {
        // Arrange: one connection, so the second message goes over a new session after the cut.
        await using var server = await TestSmtpServer.StartAsync();
        await using var store = await TestStore.CreateOnAsync(provider, Settings(server, ("Smtp:Connections", "1")));
        await AddSubscribersAsync(store, "first@example.com", "second@example.com");
        await ImportSomeNewsAsync(store);
        await PlanDailyAsync(store, expectedToSend: 2);
        server.DropNextDuringData();

        // Act
        var first = await store.Dispatcher.DrainAsync();
        var afterCut = await RowsAsync(store);
        var receivedBeforeRetry = server.Messages.Select(m => m.Recipients.Single()).ToList();
        store.Time.Advance(TimeSpan.FromSeconds(RetryBaseSeconds + 1));
        var second = await store.Dispatcher.DrainAsync();

        // Assert
        Assert.Equal(["cut during DATA"], server.Refusals);
        Assert.Equal((1, 1, 0, null), (first.Sent, first.Deferred, first.Failed, first.StopReason));
        var cut = Assert.Single(afterCut.Values, r => r.Status == DeliveryStatus.Deferred);
        var other = Assert.Single(afterCut.Values, r => r.Status == DeliveryStatus.Sent);
        Assert.Equal([other.Email], receivedBeforeRetry);
        Assert.Equal(SubscriberStatus.Active, (await store.Subscribers.FindAsync(cut.Email))!.Status);
        Assert.Equal(0, (await store.Subscribers.FindAsync(cut.Email))!.HardFailures);

        Assert.Equal((1, 0, 0), (second.Sent, second.Deferred, second.Failed));
        Assert.Equal(DeliveryStatus.Sent, (await RowsAsync(store))[cut.Email].Status);
        Assert.Equal(2, server.Messages.Count);
        Assert.Equal(cut.MessageId, ReceivedBy(server, cut.Email).Parse().MessageId);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task DrainAsync_ServerDown_StopsDefersTriedRowsReleasesTheRestThenSendsAllWhenBack(string provider)
    {
        // Arrange
        await using var server = await TestSmtpServer.StartAsync();
        await using var store = await TestStore.CreateOnAsync(provider, Settings(server));
        var readers = Readers(10);
        await AddSubscribersAsync(store, readers);
        await ImportSomeNewsAsync(store);
        await PlanDailyAsync(store, expectedToSend: readers.Length);
        await server.StopAsync();

        // Act
        var down = await store.Dispatcher.DrainAsync();
        var rowsWhileDown = await RowsAsync(store);
        await server.RestartAsync();
        store.Time.Advance(TimeSpan.FromSeconds(RetryBaseSeconds + 1));
        var up = await store.Dispatcher.DrainAsync();

        // Assert: every row is either tried once (deferred) or given back untried (pending, no attempt counted).
        Assert.NotNull(down.StopReason);
        Assert.Contains("cannot open a session", down.StopReason, StringComparison.Ordinal);
        Assert.Equal((0, 0), (down.Sent, down.Failed));
        Assert.InRange(down.Deferred, 1, 4);
        Assert.Equal(readers.Length, down.Deferred + down.Released);
        var tried = rowsWhileDown.Values.Where(r => r.Status == DeliveryStatus.Deferred).ToList();
        var untried = rowsWhileDown.Values.Where(r => r.Status == DeliveryStatus.Pending).ToList();
        Assert.Equal(down.Deferred, tried.Count);
        Assert.Equal(down.Released, untried.Count);
        Assert.All(tried, r => Assert.Equal(1, r.Attempts));
        Assert.All(tried, r => Assert.Contains("cannot open a session", r.LastReply, StringComparison.Ordinal));
        Assert.All(untried, r => Assert.Equal(0, r.Attempts));
        Assert.All(untried, r => Assert.StartsWith("not tried", r.Reason, StringComparison.Ordinal));
        foreach (var reader in readers)
        {
            Assert.Equal(SubscriberStatus.Active, (await store.Subscribers.FindAsync(reader))!.Status);
        }

        Assert.Equal((readers.Length, 0, 0, null), (up.Sent, up.Deferred, up.Failed, up.StopReason));
        Assert.All(await RowsAsync(store), r => Assert.Equal(DeliveryStatus.Sent, r.Value.Status));
        Assert.Equal(readers.Order(StringComparer.Ordinal), server.Messages.Select(m => m.Recipients.Single()).Order(StringComparer.Ordinal));
    }
}
