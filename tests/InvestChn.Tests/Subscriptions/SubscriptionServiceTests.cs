using Dapper;
using InvestChn.Storage;
using InvestChn.Subscribers;
using InvestChn.Subscriptions;
using InvestChn.Tests.Storage;
using MimeKit;

namespace InvestChn.Tests.Subscriptions;

/// <summary>Sign-up, confirmation and its email on each store (a real SQLite file, a real PostgreSQL database) with a fake clock, sent through the real outbox to the pickup folder.</summary>
public class SubscriptionServiceTests
{
    private static SubscriberInput Input(string email) => new(email, "王丽", DigestFrequency.Daily, ["policy-local"], ["招商"]);

    [SkippableTheory]
    [StoreProviders]
    public async Task SubscribeAsync_OneEmailPerInterval_ThenAnother(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await store.Importer.ImportAsync([TestPaths.Seeds]);
        var service = store.Get<SubscriptionService>();

        Assert.Empty(await service.SubscribeAsync(Input("a@example.com")));
        store.Time.Advance(TimeSpan.FromHours(23));
        Assert.Empty(await service.SubscribeAsync(Input("A@example.com")));
        Assert.Equal(1, await ConfirmationRowsAsync(store));

        store.Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await service.SubscribeAsync(Input("a@example.com")));
        Assert.Equal(2, await ConfirmationRowsAsync(store));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task SubscribeAsync_UnknownChannelOrBadAddress_ProblemsInChineseAndNothingStored(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var service = store.Get<SubscriptionService>();

        var problems = await service.SubscribeAsync(new SubscriberInput("nope", "a\r\nb", DigestFrequency.Daily, ["no-such-channel"], []));

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("邮箱", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("称呼", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("频道", StringComparison.Ordinal));
        Assert.Empty(await store.Subscribers.ListAsync(null));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ConfirmationEmail_SentThroughTheOutbox_LinkConfirmsUntilTheTtl(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await store.Importer.ImportAsync([TestPaths.Seeds]);
        var service = store.Get<SubscriptionService>();
        await service.SubscribeAsync(Input("reader@example.com"));

        var report = await store.Dispatcher.DrainAsync();

        Assert.Equal(1, report.Sent);
        var file = Assert.Single(Directory.GetFiles(store.MailDirectory, "*.eml"));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("请确认订阅投促中国资讯", message.Subject);
        Assert.StartsWith("confirm.", message.MessageId, StringComparison.Ordinal);
        Assert.Null(message.Headers[HeaderId.ListUnsubscribe]);
        Assert.Contains("王丽，您好：", message.TextBody, StringComparison.Ordinal);
        var token = System.Text.RegularExpressions.Regex.Match(message.TextBody!, "/confirm/(\\S+)").Groups[1].Value;
        Assert.Contains("/confirm/" + token, message.HtmlBody, StringComparison.Ordinal);

        store.Time.Advance(TimeSpan.FromHours(71));
        Assert.Equal(ConfirmationState.Valid, (await service.CheckConfirmationAsync(token)).State);
        store.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(ConfirmationState.Expired, (await service.CheckConfirmationAsync(token)).State);
        Assert.Equal(ConfirmationState.Expired, (await service.ConfirmAsync(token)).State);
        Assert.Equal(SubscriberStatus.Pending, (await store.Subscribers.FindAsync("reader@example.com"))!.Status);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ConfirmAsync_StartsTheCursorAtTheNewestArticle_AndNeverReactivatesAnUnsubscriber(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await store.Importer.ImportAsync([TestPaths.Seeds]);
        var service = store.Get<SubscriptionService>();
        await service.SubscribeAsync(Input("reader@example.com"));
        var pending = (await store.Subscribers.FindAsync("reader@example.com"))!;
        var token = await store.Get<SubscriberTokens>().ConfirmationAsync(pending, store.Time.GetUtcNow());

        var confirmed = await service.ConfirmAsync(token);

        Assert.Equal(SubscriberStatus.Active, confirmed.Subscriber!.Status);
        Assert.Equal((await store.Articles.GetStateAsync()).Count > 0, confirmed.Subscriber.CursorSequence > 0);
        Assert.True(await service.UnsubscribeAsync(confirmed.Subscriber, channel: null));
        Assert.Equal(SubscriberStatus.Unsubscribed, (await service.ConfirmAsync(token)).Subscriber!.Status);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task Dispatcher_ConfirmationOfSomeoneNoLongerPending_IsSkippedNotSent(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await store.Importer.ImportAsync([TestPaths.Seeds]);
        var service = store.Get<SubscriptionService>();
        await service.SubscribeAsync(Input("quick@example.com"));
        await store.SubscriberDirectory.SaveAsync([Input("quick@example.com")], pending: false);

        var report = await store.Dispatcher.DrainAsync();

        Assert.Equal((0, 1), (report.Sent, report.Skipped));
        var row = Assert.Single(await store.Digests.ListDeliveriesAsync(DeliveryStatus.Skipped, 0));
        Assert.Equal("subscriber is active", row.Reason);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task Dispatcher_ConfirmationThatExpiredWhileQueued_IsSkipped(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await store.Importer.ImportAsync([TestPaths.Seeds]);
        await store.Get<SubscriptionService>().SubscribeAsync(Input("slow@example.com"));
        store.Time.Advance(TimeSpan.FromHours(73));

        var report = await store.Dispatcher.DrainAsync();

        Assert.Equal((0, 1), (report.Sent, report.Skipped));
        Assert.False(Directory.Exists(store.MailDirectory) && Directory.GetFiles(store.MailDirectory, "*.eml").Length > 0);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task SubscribeAsync_SameAddressOnTwoNodesAtOnce_OneSubscriberAndOneEmail(string provider)
    {
        await using var first = await TestStore.CreateOnAsync(provider);
        await using var second = await TestStore.CreateOnAsync(provider, sharing: first);
        await first.Importer.ImportAsync([TestPaths.Seeds]);

        for (var round = 0; round < 5; round++)
        {
            var email = $"twice{round}@example.com";
            var problems = await Task.WhenAll(
                Task.Run(() => first.Get<SubscriptionService>().SubscribeAsync(Input(email))),
                Task.Run(() => second.Get<SubscriptionService>().SubscribeAsync(Input(email.ToUpperInvariant()))));
            Assert.All(problems, Assert.Empty);
        }

        Assert.Equal(5, (await first.Subscribers.ListAsync(null)).Count);
        Assert.Equal(5, await ConfirmationRowsAsync(first));
    }

    private static async Task<long> ConfirmationRowsAsync(TestStore store)
    {
        await using var connection = await store.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE kind = 'confirm'");
    }
}
