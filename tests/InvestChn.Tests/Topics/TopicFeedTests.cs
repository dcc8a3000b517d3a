using System.Diagnostics;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using InvestChn.Tests.Storage;
using InvestChn.Text;
using Microsoft.Extensions.Options;

namespace InvestChn.Tests.Topics;

/// <summary>Topic feeds built from the repository's seeds with the shipped <c>Topics</c> (appsettings.json).</summary>
public class TopicFeedTests
{
    private static SyndicationFeed Load(string path)
    {
        using var reader = XmlReader.Create(path);
        return SyndicationFeed.Load(reader);
    }

    [Fact]
    public async Task BuildAsync_ShippedTopics_ListOnlyArticlesWithTheirTermsAndAreInTheOpml()
    {
        await using var store = await TestStore.CreateAsync();
        await store.Importer.ImportAsync([TestPaths.Seeds]);

        await store.Feeds.BuildAsync();

        var segmenter = store.Get<TermSegmenter>();
        var all = await store.Articles.ListNewestAsync(null, 1000);
        foreach (var (slug, keywords) in new[] { ("linan", new[] { "临安", "青山湖科技城" }), ("investment-promotion", ["招商引资", "投资促进"]) })
        {
            var feed = Load(Path.Combine(store.FeedsDirectory, "topic", slug + ".atom"));
            var expected = all.Where(a => keywords.Any(k => segmenter.KeywordTerms(k).All(a.Terms.Contains))).Select(a => a.Url.AbsoluteUri).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, feed.Items.Select(i => i.Links[0].Uri.AbsoluteUri));
            Assert.Equal(expected.Count, Load(Path.Combine(store.FeedsDirectory, "topic", slug + ".rss")).Items.Count());
        }

        // Written with 招引 only: found through the synonym.
        var linanZone = Load(Path.Combine(store.FeedsDirectory, "topic", "investment-promotion.atom"));
        Assert.Contains(linanZone.Items, i => i.Title.Text.Contains("招引", StringComparison.Ordinal) || all.Any(a => a.Url == i.Links[0].Uri && a.BodyText.Contains("招引", StringComparison.Ordinal)));

        var opml = XDocument.Load(Path.Combine(store.FeedsDirectory, "index.opml"));
        var urls = opml.Descendants("outline").Select(o => (string?)o.Attribute("xmlUrl")).ToList();
        Assert.Contains("http://127.0.0.1:5080/feeds/topic/linan.atom", urls);
        Assert.Contains("http://127.0.0.1:5080/feeds/topic/business-environment.atom", urls);
        Assert.Equal(urls.Count, urls.Distinct().Count());
    }

    [Fact]
    public async Task BuildAsync_TopicsChanged_RemovesTheOldTopicFilesAndWritesTheNew()
    {
        await using var first = await TestStore.CreateAsync();
        await first.Importer.ImportAsync([TestPaths.Seeds]);
        await first.Feeds.BuildAsync();
        await using var second = await TestStore.CreateAsync(
            new()
            {
                ["Topics:0:Name"] = "合肥", ["Topics:0:Slug"] = "hefei", ["Topics:0:Keywords"] = "合肥, 合肥高新区",
                ["Topics:1:Name"] = "x", ["Topics:1:Slug"] = "x", ["Topics:1:Keywords:0"] = "x",
                ["Topics:2:Name"] = "y", ["Topics:2:Slug"] = "y", ["Topics:2:Keywords:0"] = "y",
            },
            sharing: first);

        var report = await second.Feeds.BuildAsync();

        Assert.True(report.Removed >= 3);
        Assert.False(File.Exists(Path.Combine(second.FeedsDirectory, "topic", "linan.atom")));
        var hefei = Load(Path.Combine(second.FeedsDirectory, "topic", "hefei.atom"));
        Assert.NotEmpty(hefei.Items);
        Assert.All(hefei.Items, i => Assert.Contains("合肥", i.Title.Text + i.Summary?.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BuildAsync_TopicFeeds_PassTheOutsideFeedChecker()
    {
        var checker = Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "tools", "check-feeds");
        Assert.True(File.Exists(checker), $"the feed checker is missing: {checker}");
        await using var store = await TestStore.CreateAsync();
        await store.Importer.ImportAsync([TestPaths.Seeds]);
        await store.Feeds.BuildAsync();

        // The checker reads one folder, not its sub-folders: the whole set (whose index lists the
        // topic feeds), then the topic feeds beside the site-wide feed it requires in any folder.
        var topics = store.Directory.File("topic-check");
        Directory.CreateDirectory(topics);
        foreach (var file in Directory.GetFiles(Path.Combine(store.FeedsDirectory, "topic")).Concat(new[] { "all.rss", "all.atom" }.Select(f => Path.Combine(store.FeedsDirectory, f))))
        {
            File.Copy(file, Path.Combine(topics, Path.GetFileName(file)));
        }

        var (wholeCode, wholeOutput) = await RunAsync("/usr/bin/python3", checker, store.FeedsDirectory, "--base-url", "http://127.0.0.1:5080/feeds/");
        var (topicCode, topicOutput) = await RunAsync("/usr/bin/python3", checker, topics, "--no-opml");

        Assert.True(wholeCode == 0, wholeOutput);
        Assert.Contains("ok index.opml: 12 feeds listed", wholeOutput, StringComparison.Ordinal);
        Assert.True(topicCode == 0, topicOutput);
        Assert.Contains("ok linan.atom", topicOutput, StringComparison.Ordinal);
        Assert.Contains("feeds: 8 files, 0 problems", topicOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Topics:0:Slug", "临安", "Topics:0:Slug: '临安' must be lower-case ASCII")]
    [InlineData("Topics:1:Slug", "linan", "Topics:1:Slug: 'linan' is already the slug of topic 0")]
    [InlineData("Topics:1:Name", "临安与青山湖", "Topics:1:Name: '临安与青山湖' is already the name of topic 0")]
    [InlineData("Topics:2:Keywords:0", "——", "Topics:2:Keywords:0: '——' has no letter or digit to match")]
    public async Task Options_BadTopic_StopsStartNamingTheKey(string key, string value, string message)
    {
        await using var store = await TestStore.CreateAsync(new() { [key] = value }, migrate: false);

        var error = Assert.Throws<OptionsValidationException>(() => store.Get<IOptions<InvestChn.Topics.TopicsOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
