using InvestChn.Tests.Digests;
using InvestChn.Tests.Storage;
using InvestChn.Text;
using InvestChn.Topics;
using static InvestChn.Tests.Digests.TestPages;

namespace InvestChn.Tests.Topics;

/// <summary>Terms stored at import, kept in step with the dictionary, and ranked for <c>articles topics</c>.</summary>
public class TermIndexTests
{
    private const string ZoneNews = "开发区新闻 > 文字新闻";

    [Fact]
    public async Task ImportAsync_Seeds_StoresTermsWithTheDictionaryHashAndSkipsTheDictionaryFolder()
    {
        await using var store = await TestStore.CreateAsync();

        var report = await store.Importer.ImportAsync([TestPaths.Seeds]);

        Assert.Equal(0, report.Rejected);
        Assert.DoesNotContain(report.Items, i => i.Path.Contains("dict", StringComparison.Ordinal));
        var hash = store.Get<TermSegmenter>().DictionaryHash;
        var articles = await store.Articles.ListNewestAsync(null, 1000);
        Assert.All(articles, a => Assert.Equal(hash, a.TermsDictionary));
        var meeting = articles.Single(a => a.Title == "青山湖科技城召开2026年度招商引资工作推进会");
        Assert.True(meeting.Terms.Counts["青山湖科技城"] >= 2);
        Assert.True(meeting.Terms.Contains("招商引资"));
        Assert.Equal(0, await store.Get<TermIndexer>().CountStaleAsync());
    }

    [Fact]
    public async Task Reindex_AfterTheDictionaryChanged_FindsTheStaleArticlesAndCutsThemAgain()
    {
        await using var before = await TestStore.CreateAsync();
        await ImportAsync(before, new Page("嘉兴持续优化投资环境", ZoneNews, new DateTime(2026, 11, 27, 9, 0, 0), Body: "投资环境持续改善，外资企业加快落户。"));
        var dictionary = before.Directory.File("dict");
        Directory.CreateDirectory(dictionary);
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.Seeds, "dict")))
        {
            File.Copy(file, Path.Combine(dictionary, Path.GetFileName(file)));
        }

        await File.AppendAllTextAsync(Path.Combine(dictionary, "synonyms.txt"), "营商环境 = 投资环境\n");
        await using var after = await TestStore.CreateAsync(new() { ["Segmentation:DictionaryDirectory"] = dictionary }, sharing: before);
        var indexer = after.Get<TermIndexer>();
        var stale = await indexer.CountStaleAsync();

        var reindexed = await indexer.ReindexAsync(all: false);

        Assert.Equal(1, stale);
        Assert.Equal(1, reindexed);
        Assert.Equal(0, await indexer.CountStaleAsync());
        var article = (await after.Articles.ListNewestAsync(null, 1)).Single();
        Assert.Equal(2, article.Terms.Counts["营商环境"]);
        Assert.False(article.Terms.Contains("投资环境"));
        Assert.Equal(after.Get<TermSegmenter>().DictionaryHash, article.TermsDictionary);
        Assert.Equal(0, await indexer.ReindexAsync(all: false));
        Assert.Equal(1, await indexer.ReindexAsync(all: true));
    }

    [Fact]
    public async Task RankAsync_RecentArticles_PutsTheirDistinctiveTermFirstAndCommonWordsLast()
    {
        await using var store = await TestStore.CreateAsync();
        var now = store.Time.GetUtcNow().UtcDateTime.AddHours(8);
        await ImportAsync(
            store,
            new Page("氢能产业园开工", ZoneNews, now.AddDays(-1), Body: "氢能装备项目开工建设，园区推进氢能产业集聚。"),
            new Page("氢能重卡示范线投运", ZoneNews, now.AddDays(-2), Body: "氢能重卡示范线投运，园区企业参与建设。"),
            new Page("园区举办企业服务座谈会", ZoneNews, now.AddDays(-3), Body: "园区企业围绕用工和融资提出建议。"),
            new Page("园区标准厂房建设提速", ZoneNews, now.AddDays(-60), Body: "园区标准厂房建设提速，园区企业陆续入驻。"));

        var ranks = await store.Get<TopicTermRanking>().RankAsync(top: 50, days: 30);

        Assert.Equal("氢能", ranks[0].Term);
        Assert.Equal((2, 5), (ranks[0].Articles, ranks[0].Occurrences));
        Assert.DoesNotContain(ranks, r => r.Term == "标准厂房");
        Assert.DoesNotContain(ranks, r => r.Term.Length < 2);
        var park = ranks.Single(r => r.Term == "园区");
        Assert.Equal(0, park.Score);
        Assert.Equal(ranks.OrderByDescending(r => r.Score).ThenBy(r => r.Term, StringComparer.Ordinal), ranks);
    }
}
