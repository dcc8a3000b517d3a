using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using InvestChn.Tests.Storage;

namespace InvestChn.Tests.Feeds;

public class FeedBuilderTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static string Page(string title, string date, string body, string channel = "投资动态", string? canonical = null) => canonical is null
        ? $"您现在的位置:首页 > {channel.Replace("/", " > ", StringComparison.Ordinal)}\n{title}\n发布时间:{date}    来源:投促中国\n\n  {body}\n"
        : $"<html><head><meta charset=\"utf-8\"><link rel=\"canonical\" href=\"{canonical}\"></head><body>" +
          $"<div class=\"position\">您现在的位置：首页 &gt; {channel.Replace("/", " &gt; ", StringComparison.Ordinal)}</div><h1>{title}</h1>" +
          $"<div class=\"info\">发布时间：{date} 来源：投促中国</div><div class=\"content\"><p>{body}</p></div></body></html>";

    private static SyndicationFeed Load(string path)
    {
        using var reader = XmlReader.Create(path);
        return SyndicationFeed.Load(reader);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task BuildAsync_Seeds_WritesEveryFeedInEveryFormatThatParsesBack(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await store.Importer.ImportAsync([TestPaths.Seeds]);
        var count = await store.Articles.CountAsync();

        var report = await store.Feeds.BuildAsync();

        var dir = store.FeedsDirectory;
        foreach (var slug in new[]
                 {
                     "all", "zone-news", "zone-news-text", "policy", "policy-national", "policy-local", "projects", "projects-released", "investment-trends",
                     "topic/linan", "topic/investment-promotion", "topic/business-environment",
                 })
        {
            Assert.True(File.Exists(Path.Combine(dir, slug + ".rss")), slug);
            Assert.NotEmpty(Load(Path.Combine(dir, slug + ".rss")).Items);
            Assert.NotEmpty(Load(Path.Combine(dir, slug + ".atom")).Items);
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(dir, slug + ".json")));
            Assert.Equal("https://jsonfeed.org/version/1.1", json.RootElement.GetProperty("version").GetString());
        }

        Assert.Equal(count, Load(Path.Combine(dir, "all.atom")).Items.Count());
        Assert.Equal(12, report.Feeds);
        Assert.True(File.Exists(Path.Combine(dir, "index.opml")));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task BuildAsync_SameStoreTwice_WritesNothingAndKeepsModificationTimes(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await store.Importer.ImportAsync([TestPaths.Seeds]);
        await store.Feeds.BuildAsync();
        var before = Directory.GetFiles(store.FeedsDirectory, "*.*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var report = await store.Feeds.BuildAsync();
        var forced = await store.Feeds.BuildAsync(force: true);

        Assert.Equal(0, report.Written);
        Assert.Equal(0, forced.Written);
        Assert.All(before, pair => Assert.Equal(pair.Value, File.GetLastWriteTimeUtc(pair.Key)));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task BuildAsync_SameSeedsInTwoStores_GiveByteIdenticalFiles(string provider)
    {
        await using var one = await TestStore.CreateOnAsync(provider);
        await using var two = await TestStore.CreateOnAsync(provider);
        await one.Importer.ImportAsync([TestPaths.Seeds]);
        await two.Importer.ImportAsync([TestPaths.Seeds]);

        await one.Feeds.BuildAsync();
        await two.Feeds.BuildAsync();

        var files = Directory.GetFiles(one.FeedsDirectory, "*.*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(one.FeedsDirectory, f))
            .Where(f => !f.StartsWith('.'))
            .ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Equal(
            File.ReadAllBytes(Path.Combine(one.FeedsDirectory, f)),
            File.ReadAllBytes(Path.Combine(two.FeedsDirectory, f))));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task BuildAsync_TitleAndUrlChange_KeepTheItemIdInEveryFormat(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var file = store.Directory.File("a.html");
        await File.WriteAllTextAsync(file, Page("旧标题", "2026-11-20", "正文。", canonical: "https://www.investchn.com/news/1.html"));
        await store.Importer.ImportAsync([file]);
        await store.Feeds.BuildAsync();
        var before = Load(Path.Combine(store.FeedsDirectory, "all.atom")).Items.Single().Id;

        await File.WriteAllTextAsync(file, Page("新标题", "2026-11-20", "正文。", canonical: "https://www.investchn.com/news/1.html"));
        await store.Importer.ImportAsync([file]);
        await store.Feeds.BuildAsync();

        var atom = Load(Path.Combine(store.FeedsDirectory, "all.atom")).Items.Single();
        var rss = Load(Path.Combine(store.FeedsDirectory, "all.rss")).Items.Single();
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(store.FeedsDirectory, "all.json")));
        Assert.Equal("新标题", atom.Title.Text);
        Assert.StartsWith("tag:investchn.com,2015:article:", before, StringComparison.Ordinal);
        Assert.Equal(before, atom.Id);
        Assert.Equal(before, rss.Id);
        Assert.Equal(before, json.RootElement.GetProperty("items")[0].GetProperty("id").GetString());
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task BuildAsync_ForbiddenXmlCharactersInATitle_StillGiveValidFeeds(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await File.WriteAllTextAsync(store.Directory.File("a.txt"), Page("坏\u0001标题\u000B测试\uFFFE", "2026-11-20", "正文\u0002内容。"));
        await store.Importer.ImportAsync([store.Directory.Path]);

        await store.Feeds.BuildAsync();

        Assert.Equal("坏标题测试", Load(Path.Combine(store.FeedsDirectory, "all.rss")).Items.Single().Title.Text);
        Assert.Equal("坏标题测试", Load(Path.Combine(store.FeedsDirectory, "all.atom")).Items.Single().Title.Text);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task BuildAsync_MoreArticlesThanMaxItems_PagesTheRestIntoArchivesReachableFromTheFeed(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider, new() { ["Feeds:MaxItems"] = "3" });
        for (var day = 1; day <= 8; day++)
        {
            await File.WriteAllTextAsync(store.Directory.File($"{day}.txt"), Page($"第{day}条", $"2026-11-{day:D2}", "正文。"));
        }

        await store.Importer.ImportAsync([store.Directory.Path]);
        await store.Feeds.BuildAsync();

        // Walk from the subscription document through every prev-archive link.
        var seen = new List<string>();
        var path = Path.Combine(store.FeedsDirectory, "all.atom");
        var documents = 0;
        while (path is not null)
        {
            var feed = XDocument.Load(path).Root!;
            documents++;
            seen.AddRange(feed.Elements(Atom + "entry").Select(e => e.Element(Atom + "title")!.Value));
            var previous = feed.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == "prev-archive");
            path = previous is null ? null : Path.Combine(store.FeedsDirectory, new Uri(previous.Attribute("href")!.Value).AbsolutePath["/feeds/".Length..]);
            if (documents > 1)
            {
                Assert.NotNull(feed.Element(XName.Get("archive", "http://purl.org/syndication/history/1.0")));
                Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "current");
            }
        }

        Assert.Equal(4, documents);
        Assert.Equal(Enumerable.Range(1, 8).Select(d => $"第{d}条").ToHashSet(), seen.ToHashSet());
        Assert.Equal(["第8条", "第7条", "第6条"], seen.Take(3));
        Assert.True(File.Exists(Path.Combine(store.FeedsDirectory, "archive", "all-1.rss")));
        Assert.True(File.Exists(Path.Combine(store.FeedsDirectory, "archive", "all-2.json")));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task BuildAsync_BackdatedArticle_LeavesFullArchivePagesAsTheyWere(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider, new() { ["Feeds:MaxItems"] = "3" });
        for (var day = 1; day <= 7; day++)
        {
            await File.WriteAllTextAsync(store.Directory.File($"{day}.txt"), Page($"第{day}条", $"2026-11-{day + 10:D2}", "正文。"));
        }

        await store.Importer.ImportAsync([store.Directory.Path]);
        await store.Feeds.BuildAsync();
        var archive = Path.Combine(store.FeedsDirectory, "archive");
        var full = new[] { "all-1.atom", "all-2.atom" }.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(archive, f)));

        await File.WriteAllTextAsync(store.Directory.File("old.txt"), Page("旧闻补录", "2016-05-01", "正文。"));
        await store.Importer.ImportAsync([store.Directory.File("old.txt")]);
        await store.Feeds.BuildAsync();

        Assert.All(full, pair => Assert.Equal(pair.Value, File.ReadAllBytes(Path.Combine(archive, pair.Key))));
        Assert.Contains("旧闻补录", await File.ReadAllTextAsync(Path.Combine(archive, "all-3.atom")), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task BuildAsync_NewArticle_RewritesOnlyTheFeedsItBelongsTo(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await store.Importer.ImportAsync([TestPaths.Seeds]);
        await store.Feeds.BuildAsync();
        var policy = File.GetLastWriteTimeUtc(Path.Combine(store.FeedsDirectory, "policy.atom"));
        var trends = File.ReadAllBytes(Path.Combine(store.FeedsDirectory, "investment-trends.atom"));

        await File.WriteAllTextAsync(store.Directory.File("new.txt"), Page("长三角开发区外资到位再创新高", "2026-11-27", "正文。"));
        await store.Importer.ImportAsync([store.Directory.File("new.txt")]);
        var report = await store.Feeds.BuildAsync();

        Assert.Equal(6, report.Written);
        Assert.Equal(policy, File.GetLastWriteTimeUtc(Path.Combine(store.FeedsDirectory, "policy.atom")));
        Assert.NotEqual(trends, File.ReadAllBytes(Path.Combine(store.FeedsDirectory, "investment-trends.atom")));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task BuildAsync_FewerArchivePagesUnderNewSettings_LeavesNoStaleFiles(string provider)
    {
        await using var small = await TestStore.CreateOnAsync(provider, new() { ["Feeds:MaxItems"] = "3" });
        await small.Importer.ImportAsync([TestPaths.Seeds]);
        await small.Feeds.BuildAsync();
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(small.FeedsDirectory, "archive")));

        await using var large = await TestStore.CreateOnAsync(provider, sharing: small);
        var report = await large.Feeds.BuildAsync();

        Assert.True(report.Removed > 0);
        Assert.Empty(Directory.GetFiles(Path.Combine(large.FeedsDirectory, "archive")));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task BuildAsync_ChannelSlugChanged_WritesTheNewNameAndRemovesTheOld(string provider)
    {
        await using var before = await TestStore.CreateOnAsync(provider);
        await before.Importer.ImportAsync([TestPaths.Seeds]);
        await before.Feeds.BuildAsync();

        await using var after = await TestStore.CreateOnAsync(provider, new() { ["Channels:投资动态"] = "trends" }, sharing: before);
        await after.Feeds.BuildAsync();

        Assert.True(File.Exists(Path.Combine(after.FeedsDirectory, "trends.atom")));
        Assert.False(File.Exists(Path.Combine(after.FeedsDirectory, "investment-trends.atom")));
        Assert.Contains("/feeds/trends.atom", await File.ReadAllTextAsync(Path.Combine(after.FeedsDirectory, "index.opml")), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task BuildAsync_UnconfiguredChannel_GetsAStableAsciiSlugAndParentFeeds(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await File.WriteAllTextAsync(store.Directory.File("a.txt"), Page("新栏目文章", "2026-11-20", "正文。", channel: "园区风采/视频"));
        await store.Importer.ImportAsync([store.Directory.Path]);

        await store.Feeds.BuildAsync();

        var names = Directory.GetFiles(store.FeedsDirectory, "*.atom").Select(Path.GetFileNameWithoutExtension).Order().ToList();
        Assert.Equal(3, names.Count);
        Assert.Contains("all", names);
        Assert.All(names.Where(n => n != "all"), n => Assert.Matches("^channel-[0-9a-f]{10}$", n));
    }
}
