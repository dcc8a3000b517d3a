using InvestChn.Articles;
using InvestChn.Digests;
using InvestChn.Storage;
using InvestChn.Subscribers;
using InvestChn.Tests.Storage;
using MimeKit;
using static InvestChn.Tests.Digests.TestPages;

namespace InvestChn.Tests.Digests;

/// <summary>Editions as the planner makes them on a real store with a fake clock (which starts at 2026-11-28 14:00 in Shanghai).</summary>
public class DigestPlannerTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>The daily edition of Saturday 2026-11-28, 08:00 in Shanghai.</summary>
    private static readonly DateTimeOffset Daily = new(2026, 11, 28, 8, 0, 0, Shanghai);

    /// <summary>The weekly edition of Monday 2026-11-30, 08:00 in Shanghai.</summary>
    private static readonly DateTimeOffset Weekly = new(2026, 11, 30, 8, 0, 0, Shanghai);

    private const string PolicyLocal = "政策法规 > 地方政策";
    private const string PolicyNational = "政策法规 > 国家政策";
    private const string ZoneNews = "开发区新闻 > 文字新闻";

    [SkippableTheory]
    [StoreProviders]
    public async Task PlanAsync_DailyEdition_SendsNewArticlesByChannelNewestFirstUpToMaxArticles(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider, new() { ["Digests:MaxArticles"] = "3" });
        await AddAsync(store, "reader@example.com");
        await ImportAsync(
            store,
            new Page("临安出台人才新政十条", PolicyLocal, new DateTime(2026, 11, 27, 10, 0, 0)),
            new Page("开发区签约十二个重点项目", ZoneNews, new DateTime(2026, 11, 27, 12, 0, 0)),
            new Page("杭州发布招商引资奖励办法", PolicyLocal, new DateTime(2026, 11, 26, 9, 0, 0)),
            new Page("园区举办企业服务座谈会", ZoneNews, new DateTime(2026, 11, 25, 9, 0, 0)));

        var plan = await store.Planner.PlanAsync(DigestFrequency.Daily, Daily);
        var report = await store.Dispatcher.DrainAsync();

        Assert.Equal((1, 0, false), (plan.ToSend, plan.Skipped, plan.AlreadyPlanned));
        Assert.Equal(Daily, plan.Edition!.ScheduledAt);
        Assert.Equal(1, report.Sent);
        var message = await MimeMessage.LoadAsync(Directory.GetFiles(store.MailDirectory, "*.eml").Single());
        Assert.Equal("投促中国 · 每日要闻 · 2026年11月28日", message.Subject);
        var text = message.TextBody ?? string.Empty;
        Assert.DoesNotContain("园区举办企业服务座谈会", text, StringComparison.Ordinal);
        AssertInOrder(
            text,
            "1. 开发区签约十二个重点项目",
            "2. 临安出台人才新政十条",
            "3. 杭州发布招商引资奖励办法",
            "【开发区新闻 › 文字新闻】",
            "1. 开发区签约十二个重点项目",
            "【政策法规 › 地方政策】",
            "2. 临安出台人才新政十条",
            "3. 杭州发布招商引资奖励办法");
        var row = Assert.Single(await store.Digests.ListDeliveriesAsync(null, 0));
        Assert.Equal((DeliveryStatus.Sent, 3), (row.Status, row.ArticleCount));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task PlanAsync_DailyAndWeekly_EachEditionHoldsOnlyItsOwnSubscribers(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await AddAsync(store, "daily@example.com");
        await AddAsync(store, "weekly@example.com", DigestFrequency.Weekly);
        await ImportAsync(store, new Page("临安出台人才新政十条", PolicyLocal, new DateTime(2026, 11, 27, 10, 0, 0)));

        var daily = await store.Planner.PlanAsync(DigestFrequency.Daily, Daily);
        var weekly = await store.Planner.PlanAsync(DigestFrequency.Weekly, Weekly);

        Assert.Equal((1, 0), (daily.ToSend, daily.Skipped));
        Assert.Equal((1, 0), (weekly.ToSend, weekly.Skipped));
        Assert.Equal(Weekly, weekly.Edition!.ScheduledAt);
        var rows = await store.Digests.ListDeliveriesAsync(null, 0);
        Assert.Equal(
            [(DigestFrequency.Weekly, "weekly@example.com"), (DigestFrequency.Daily, "daily@example.com")],
            rows.Select(r => (r.Frequency, r.Email)));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task PlanAsync_SameEditionTwiceAndFromAnotherProcess_PlansOneEditionAndMovesCursorsOnce(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await AddAsync(store, "a@example.com");
        await AddAsync(store, "b@example.com");
        await ImportAsync(store, new Page("临安出台人才新政十条", PolicyLocal, new DateTime(2026, 11, 27, 10, 0, 0)));
        await using var other = await TestStore.CreateOnAsync(provider, sharing: store);

        var plans = await Task.WhenAll(store.Planner.PlanAsync(DigestFrequency.Daily, Daily), other.Planner.PlanAsync(DigestFrequency.Daily, Daily));
        var cursorsAfterFirst = (await store.Subscribers.ListAsync(null)).Select(s => s.CursorSequence).ToList();
        await ImportAsync(store, new Page("开发区签约十二个重点项目", ZoneNews, new DateTime(2026, 11, 28, 9, 0, 0)));
        var again = await store.Planner.PlanAsync(DigestFrequency.Daily, Daily.AddHours(3));
        var fromOther = await other.Planner.PlanAsync(DigestFrequency.Daily, Daily);

        Assert.Equal(2, plans.Sum(p => p.ToSend));
        Assert.Equal(plans[0].Edition!.Id, plans[1].Edition!.Id);
        Assert.True(again.AlreadyPlanned);
        Assert.True(fromOther.AlreadyPlanned);
        Assert.Equal(plans[0].Edition!.Id, again.Edition!.Id);
        Assert.Equal(1L, await CountAsync(store, "SELECT COUNT(*) FROM editions"));
        var rows = await store.Digests.ListDeliveriesAsync(null, 0);
        Assert.Equal(["a@example.com", "b@example.com"], rows.Select(r => r.Email));
        Assert.All(rows, r => Assert.Equal(1, r.ArticleCount));
        var cursors = (await store.Subscribers.ListAsync(null)).Select(s => s.CursorSequence).ToList();
        Assert.Equal(cursorsAfterFirst, cursors);
        Assert.All(cursors, c => Assert.Equal(plans[0].Edition!.ThroughSequence, c));
        Assert.True(await store.Articles.GetNewestSequenceAsync() > cursors[0]);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task PlanAsync_NothingNewForTheSubscriber_RecordsASkippedRowMovesTheCursorAndSendsNothing(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await AddAsync(store, "chips@example.com", keywords: ["半导体"]);
        await ImportAsync(store, new Page("临安出台人才新政十条", PolicyLocal, new DateTime(2026, 11, 27, 10, 0, 0)));

        var plan = await store.Planner.PlanAsync(DigestFrequency.Daily, Daily);
        var report = await store.Dispatcher.DrainAsync();

        Assert.Equal((0, 1), (plan.ToSend, plan.Skipped));
        var row = Assert.Single(await store.Digests.ListDeliveriesAsync(null, 0));
        Assert.Equal(DeliveryStatus.Skipped, row.Status);
        Assert.StartsWith("no-articles", row.Reason, StringComparison.Ordinal);
        Assert.Empty(await store.Digests.ListDeliveriesAsync(DeliveryStatus.Pending, 0));
        Assert.Equal(await store.Articles.GetNewestSequenceAsync(), (await store.Subscribers.FindAsync("chips@example.com"))!.CursorSequence);
        Assert.Equal(0, report.Sent);
        Assert.Empty(Directory.Exists(store.MailDirectory) ? Directory.GetFiles(store.MailDirectory, "*.eml") : []);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task PlanAsync_ImportOfAnOldArchive_SendsNothing(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await AddAsync(store, "reader@example.com");
        await ImportAsync(
            store,
            new Page("临安出台人才新政十条", PolicyLocal, new DateTime(2026, 11, 21, 7, 59, 0)),
            new Page("杭州发布招商引资奖励办法", PolicyLocal, new DateTime(2025, 3, 1, 9, 0, 0)));

        var plan = await store.Planner.PlanAsync(DigestFrequency.Daily, Daily);

        Assert.Equal((0, 1), (plan.ToSend, plan.Skipped));
        Assert.Equal(await store.Articles.GetNewestSequenceAsync(), (await store.Subscribers.FindAsync("reader@example.com"))!.CursorSequence);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task PlanAsync_DefaultMaxArticleAge_KeepsTheLastSevenDaysOnly(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await AddAsync(store, "reader@example.com");
        await ImportAsync(
            store,
            new Page("临安出台人才新政十条", PolicyLocal, new DateTime(2026, 11, 21, 8, 0, 0)),
            new Page("杭州发布招商引资奖励办法", PolicyLocal, new DateTime(2026, 11, 21, 7, 59, 0)),
            new Page("开发区签约十二个重点项目", ZoneNews, new DateTime(2026, 11, 27, 12, 0, 0)));

        await store.Planner.PlanAsync(DigestFrequency.Daily, Daily);

        Assert.Equal(["开发区签约十二个重点项目", "临安出台人才新政十条"], await ChosenTitlesAsync(store, "reader@example.com"));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task PlanAsync_MaxArticleAgeDaysZero_SendsOldArticlesToo(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider, new() { ["Digests:MaxArticleAgeDays"] = "0" });
        await AddAsync(store, "reader@example.com");
        await ImportAsync(store, new Page("杭州发布招商引资奖励办法", PolicyLocal, new DateTime(2023, 1, 30, 0, 0, 0)));

        var plan = await store.Planner.PlanAsync(DigestFrequency.Daily, Daily);

        Assert.Equal((1, 0), (plan.ToSend, plan.Skipped));
        Assert.Equal(["杭州发布招商引资奖励办法"], await ChosenTitlesAsync(store, "reader@example.com"));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task PlanAsync_SubscriberAddedAfterArticles_GetsOnlyLaterArticles(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await ImportAsync(store, new Page("临安出台人才新政十条", PolicyLocal, new DateTime(2026, 11, 27, 10, 0, 0)));
        await AddAsync(store, "late@example.com");
        await ImportAsync(store, new Page("开发区签约十二个重点项目", ZoneNews, new DateTime(2026, 11, 26, 12, 0, 0)));

        await store.Planner.PlanAsync(DigestFrequency.Daily, Daily);

        Assert.Equal(["开发区签约十二个重点项目"], await ChosenTitlesAsync(store, "late@example.com"));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task PlanAsync_AfterThreeDaysDown_PlansOnlyTheLatestEditionWithEverythingSinceTheCursor(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await AddAsync(store, "reader@example.com");
        await ImportAsync(store, new Page("临安出台人才新政十条", PolicyLocal, new DateTime(2026, 11, 27, 10, 0, 0)));
        await store.Planner.PlanAsync(DigestFrequency.Daily, Daily);
        await store.Dispatcher.DrainAsync();
        await ImportAsync(store, new Page("开发区签约十二个重点项目", ZoneNews, new DateTime(2026, 11, 28, 12, 0, 0)));
        store.Time.Advance(TimeSpan.FromDays(3));
        await ImportAsync(
            store,
            new Page("杭州发布招商引资奖励办法", PolicyNational, new DateTime(2026, 11, 30, 9, 0, 0)),
            new Page("园区旧闻汇编", ZoneNews, new DateTime(2026, 11, 20, 9, 0, 0)));

        var plan = await store.Planner.PlanAsync(DigestFrequency.Daily, store.Time.GetUtcNow());

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, Shanghai), plan.Edition!.ScheduledAt);
        Assert.Equal((1, 0), (plan.ToSend, plan.Skipped));
        Assert.Equal(2L, await CountAsync(store, "SELECT COUNT(*) FROM editions"));
        Assert.Equal(["杭州发布招商引资奖励办法", "开发区签约十二个重点项目"], await ChosenTitlesAsync(store, "reader@example.com"));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task PlanAsync_SectionSlug_CoversItsSubChannels(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await AddAsync(store, "policy@example.com", channels: ["policy"]);
        await AddAsync(store, "local@example.com", channels: ["policy-local"]);
        await ImportAsync(
            store,
            new Page("临安出台人才新政十条", PolicyLocal, new DateTime(2026, 11, 27, 10, 0, 0)),
            new Page("国务院发布外商投资新规", PolicyNational, new DateTime(2026, 11, 27, 9, 0, 0)),
            new Page("开发区签约十二个重点项目", ZoneNews, new DateTime(2026, 11, 27, 12, 0, 0)));

        await store.Planner.PlanAsync(DigestFrequency.Daily, Daily);

        Assert.Equal(["临安出台人才新政十条", "国务院发布外商投资新规"], await ChosenTitlesAsync(store, "policy@example.com"));
        Assert.Equal(["临安出台人才新政十条"], await ChosenTitlesAsync(store, "local@example.com"));
    }

    [Fact]
    public async Task PlanAsync_Keywords_MatchTitleOrBodyWithWidthAndCaseFolded()
    {
        await using var store = await TestStore.CreateAsync();
        await AddAsync(store, "ai@example.com", keywords: ["ＡＩ"]);
        await AddAsync(store, "ev@example.com", keywords: ["ev", "氢能"]);
        await ImportAsync(
            store,
            new Page("临安建设ai产业园", PolicyLocal, new DateTime(2026, 11, 27, 12, 0, 0)),
            new Page("开发区签约十二个重点项目", ZoneNews, new DateTime(2026, 11, 27, 11, 0, 0), Body: "项目涵盖ＥＶ整车与电池材料。"),
            new Page("杭州发布招商引资奖励办法", PolicyLocal, new DateTime(2026, 11, 27, 10, 0, 0), Body: "重点支持Ai算力中心建设。"),
            new Page("园区举办企业服务座谈会", ZoneNews, new DateTime(2026, 11, 27, 9, 0, 0)));

        await store.Planner.PlanAsync(DigestFrequency.Daily, Daily);

        Assert.Equal(["临安建设ai产业园", "杭州发布招商引资奖励办法"], await ChosenTitlesAsync(store, "ai@example.com"));
        Assert.Equal(["开发区签约十二个重点项目"], await ChosenTitlesAsync(store, "ev@example.com"));
    }

    /// <summary>Each part occurs in <paramref name="text"/> after the one before it.</summary>
    private static void AssertInOrder(string text, params string[] parts)
    {
        var from = 0;
        foreach (var part in parts)
        {
            var at = text.IndexOf(part, from, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{part}' does not follow position {from} in:\n{text}");
            from = at + part.Length;
        }
    }

    private static Task<IReadOnlyList<Article>> ImportAsync(TestStore store, params Page[] pages) => TestPages.ImportAsync(store, pages);

    private static async Task AddAsync(TestStore store, string email, DigestFrequency frequency = DigestFrequency.Daily, string[]? channels = null, string[]? keywords = null)
    {
        var change = Assert.Single(await store.SubscriberDirectory.SaveAsync([new SubscriberInput(email, "", frequency, channels ?? [], keywords ?? [])], pending: false));
        Assert.Empty(change.Problems);
    }

    /// <summary>The titles of the articles planned for <paramref name="email"/> in the newest edition, in digest order.</summary>
    private static async Task<IReadOnlyList<string>> ChosenTitlesAsync(TestStore store, string email)
    {
        var subscriber = (await store.Subscribers.FindAsync(email))!;
        await using var connection = await store.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT d.articles FROM deliveries d JOIN editions e ON e.id = d.edition_id WHERE d.subscriber_id = @id ORDER BY e.scheduled_at DESC LIMIT 1";
        var id = command.CreateParameter();
        id.ParameterName = "id";
        id.Value = subscriber.Id;
        command.Parameters.Add(id);
        var sequences = ((string)(await command.ExecuteScalarAsync())!).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        var articles = await store.Articles.GetBySequencesAsync(sequences);
        return sequences.Select(s => articles.Single(a => a.Sequence == s).Title).ToList();
    }

    private static async Task<long> CountAsync(TestStore store, string sql)
    {
        await using var connection = await store.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
