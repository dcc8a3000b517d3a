using System.Text;
using InvestChn.Storage;
using InvestChn.Subscribers;
using InvestChn.Tests.Storage;
using MimeKit;
using static InvestChn.Tests.Digests.TestPages;

namespace InvestChn.Tests.Digests;

/// <summary>
/// An article changed after it was sent goes to that subscriber once more, marked 更新, with its
/// latest text. The fake clock starts at 2026-11-28 06:00 UTC (14:00 in Shanghai).
/// </summary>
public class UpdatedArticleDigestTests
{
    private const string ZoneNews = "开发区新闻 > 文字新闻";

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static readonly Page Original = new(
        "青山湖科技城集中签约八个项目", ZoneNews, new DateTime(2026, 11, 27, 10, 0, 0), Body: "签约项目计划总投资四十亿元。");

    private static readonly Page Corrected = Original with { Body = "签约项目计划总投资五十二亿元，其中外资项目三个。" };

    [Fact]
    public async Task PlanAsync_ArticleUpdatedAfterItWasSent_IsSentAgainOnceMarkedWithTheLatestText()
    {
        await using var store = await TestStore.CreateAsync();
        await AddAsync(store, "reader@example.com");
        await AddAsync(store, "later@example.com", ["policy"]);
        await ImportAsync(store, Original);

        // Day 1: the article goes out as new.
        await store.Planner.PlanAsync(DigestFrequency.Daily, new DateTimeOffset(2026, 11, 28, 8, 0, 0, Shanghai));
        Assert.Equal(1, (await store.Dispatcher.DrainAsync()).Sent);
        var first = await SingleNewMessageAsync(store, []);
        Assert.Contains("1. 青山湖科技城集中签约八个项目", first.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("更新", first.TextBody, StringComparison.Ordinal);

        // An hour later the site corrects the article.
        store.Time.Advance(TimeSpan.FromHours(1));
        await ReimportAsync(store, Corrected);

        // Day 2: it comes back, marked, with the corrected text.
        store.Time.SetUtcNow(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));
        var second = await store.Planner.PlanAsync(DigestFrequency.Daily, new DateTimeOffset(2026, 11, 29, 8, 0, 0, Shanghai));
        Assert.Equal((1, 1), (second.ToSend, second.Skipped));
        Assert.Equal(1, (await store.Dispatcher.DrainAsync()).Sent);
        var again = await SingleNewMessageAsync(store, [first.MessageId!]);
        Assert.Equal(Addresses("reader@example.com"), again.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("1. 【更新】青山湖科技城集中签约八个项目", again.TextBody, StringComparison.Ordinal);
        Assert.Contains("五十二亿元", again.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("四十亿元", again.TextBody, StringComparison.Ordinal);
        Assert.Contains(">更新</span>", again.HtmlBody, StringComparison.Ordinal);

        // Day 3: once is enough.
        store.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));
        var third = await store.Planner.PlanAsync(DigestFrequency.Daily, new DateTimeOffset(2026, 11, 30, 8, 0, 0, Shanghai));
        Assert.Equal((0, 2), (third.ToSend, third.Skipped));

        // A second correction is news again.
        store.Time.Advance(TimeSpan.FromHours(2));
        await ReimportAsync(store, Corrected with { Body = "签约项目计划总投资五十五亿元。" });
        store.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var fourth = await store.Planner.PlanAsync(DigestFrequency.Daily, new DateTimeOffset(2026, 12, 1, 8, 0, 0, Shanghai));
        Assert.Equal((1, 1), (fourth.ToSend, fourth.Skipped));
    }

    [Fact]
    public async Task PlanAsync_UpdatedBeforeTheSubscriberEverGotIt_IsPlainNewsForThem()
    {
        await using var store = await TestStore.CreateAsync();
        await ImportAsync(store, Original);
        store.Time.Advance(TimeSpan.FromMinutes(30));
        await ReimportAsync(store, Corrected);
        var subscriber = (await store.SubscriberDirectory.SaveAsync([new SubscriberInput("new@example.com", "", DigestFrequency.Daily, [], [])], pending: false)).Single();
        Assert.Empty(subscriber.Problems);
        await using (var reset = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.DatabasePath}"))
        {
            // A subscriber whose cursor is before the article: it is new to them.
            await reset.OpenAsync();
            await using var command = reset.CreateCommand();
            command.CommandText = "UPDATE subscribers SET cursor_seq = 0";
            await command.ExecuteNonQueryAsync();
        }

        await store.Planner.PlanAsync(DigestFrequency.Daily, new DateTimeOffset(2026, 11, 28, 8, 0, 0, Shanghai));
        await store.Dispatcher.DrainAsync();

        var message = await SingleNewMessageAsync(store, []);
        Assert.Contains("1. 青山湖科技城集中签约八个项目", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("更新", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("五十二亿元", message.TextBody, StringComparison.Ordinal);
    }

    private static string[] Addresses(params string[] addresses) => addresses;

    private static async Task AddAsync(TestStore store, string email, string[]? channels = null)
    {
        var change = Assert.Single(await store.SubscriberDirectory.SaveAsync([new SubscriberInput(email, "", DigestFrequency.Daily, channels ?? [], [])], pending: false));
        Assert.Empty(change.Problems);
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE subscribers SET cursor_seq = 0";
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ReimportAsync(TestStore store, Page page)
    {
        var folder = Path.Combine(store.Directory.Path, "update-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "page.txt"), TestPages.Text(page), new UTF8Encoding(false));
        var report = await store.Importer.ImportAsync([folder]);
        Assert.Equal(1, report.Updated);
    }

    private static async Task<MimeMessage> SingleNewMessageAsync(TestStore store, IReadOnlyCollection<string> seen)
    {
        var messages = new List<MimeMessage>();
        foreach (var file in Directory.GetFiles(store.MailDirectory, "*.eml"))
        {
            messages.Add(await MimeMessage.LoadAsync(file));
        }

        return Assert.Single(messages, m => !seen.Contains(m.MessageId));
    }
}
