using System.Text;
using InvestChn.Articles;
using InvestChn.Storage;
using InvestChn.Tests.Storage;

namespace InvestChn.Tests.Articles;

public class ArticleImporterTests
{
    private static string Page(string title, string date, string body, string? canonical = null) => canonical is null
        ? $"您现在的位置:首页 > 投资动态\n{title}\n发布时间:{date}    来源:投促中国\n\n  {body}\n\n上一条:无\n"
        : $"<html><head><meta charset=\"utf-8\"><link rel=\"canonical\" href=\"{canonical}\"></head><body>" +
          $"<div class=\"position\">您现在的位置：首页 &gt; 投资动态</div><h1>{title}</h1><div class=\"info\">发布时间：{date} 来源：投促中国</div>" +
          $"<div class=\"content\"><p>{body}</p></div></body></html>";

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportAsync_RepositorySeeds_AddsEveryPageWithoutRejection(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);

        var report = await store.Importer.ImportAsync([TestPaths.Seeds]);

        Assert.Equal(0, report.Rejected);
        Assert.True(report.Added >= 26, $"only {report.Added} articles from seeds/");
        var channels = (await store.Articles.ListAsync(new ArticleQuery(Limit: 1000))).Select(a => a.ChannelPath[0]).Distinct().Count();
        Assert.True(channels >= 4, $"only {channels} top-level channels in seeds/");
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportAsync_SamePagesAgain_ReportsEverythingUnchanged(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var first = await store.Importer.ImportAsync([TestPaths.Seeds]);
        store.Time.Advance(TimeSpan.FromHours(1));

        var second = await store.Importer.ImportAsync([TestPaths.Seeds]);

        Assert.Equal(first.Items.Count, second.Items.Count);
        Assert.All(second.Items, item => Assert.Equal(ImportOutcome.Unchanged, item.Outcome));
        Assert.False(second.ChangedStore);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportAsync_ChangedPage_IsUpdatedKeepingIdAndSequence(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var file = store.Directory.File("a.txt");
        await File.WriteAllTextAsync(file, Page("园区签约十二个项目", "2026-11-20", "第一版正文。"));
        await File.WriteAllTextAsync(store.Directory.File("b.txt"), Page("另一条新闻", "2026-11-21", "正文。"));
        var first = await store.Importer.ImportAsync([store.Directory.Path]);
        var before = await store.Articles.GetAsync(first.Items[0].ArticleId!);
        store.Time.Advance(TimeSpan.FromDays(1));

        await File.WriteAllTextAsync(file, Page("园区签约十二个项目", "2026-11-20", "第二版正文，补充了投资额。"));
        var second = await store.Importer.ImportAsync([file]);

        Assert.Equal(ImportOutcome.Updated, Assert.Single(second.Items).Outcome);
        var after = await store.Articles.GetAsync(before!.Id);
        Assert.Equal(before.Sequence, after!.Sequence);
        Assert.Equal("第二版正文，补充了投资额。", after.BodyText);
        Assert.Equal(before.FirstImportedAt, after.FirstImportedAt);
        Assert.Equal(store.Time.GetUtcNow(), after.UpdatedAt);
        Assert.NotEqual(before.ContentHash, after.ContentHash);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportAsync_TextAndHtmlOfOneArticle_AreOneArticleWithThePagesUrl(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await File.WriteAllTextAsync(store.Directory.File("one.txt"), Page("园区签约十二个项目", "2026-11-20", "正文。"));
        await File.WriteAllTextAsync(store.Directory.File("two.html"), Page("园区签约十二个项目", "2026-11-20", "正文。", "https://www.investchn.com/news/77.html"));

        var report = await store.Importer.ImportAsync([store.Directory.Path]);

        Assert.Equal(1, report.Added);
        var article = Assert.Single(await store.Articles.ListAsync(new ArticleQuery()));
        Assert.Equal(new Uri("https://www.investchn.com/news/77.html"), article.Url);
        Assert.False(article.UrlIsDerived);

        var again = await store.Importer.ImportAsync([store.Directory.Path]);
        Assert.All(again.Items, i => Assert.Equal(ImportOutcome.Unchanged, i.Outcome));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportAsync_SameUrlWithNewTitle_UpdatesTheArticleAndKeepsItsId(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var file = store.Directory.File("p.html");
        await File.WriteAllTextAsync(file, Page("旧标题", "2026-11-20", "正文。", "https://www.investchn.com/news/1.html"));
        var id = (await store.Importer.ImportAsync([file])).Items[0].ArticleId;

        await File.WriteAllTextAsync(file, Page("新标题", "2026-11-20", "正文。", "https://www.investchn.com/news/1.html"));
        var report = await store.Importer.ImportAsync([file]);

        Assert.Equal(ImportOutcome.Updated, report.Items[0].Outcome);
        Assert.Equal(id, report.Items[0].ArticleId);
        Assert.Equal("新标题", (await store.Articles.GetAsync(id!))!.Title);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportAsync_SameTitleAndDateButDifferentUrls_AreTwoArticles(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await File.WriteAllTextAsync(store.Directory.File("a.html"), Page("工作动态", "2026-11-20", "甲。", "https://www.investchn.com/news/1.html"));
        await File.WriteAllTextAsync(store.Directory.File("b.html"), Page("工作动态", "2026-11-20", "乙。", "https://www.investchn.com/news/2.html"));

        var report = await store.Importer.ImportAsync([store.Directory.Path]);

        Assert.Equal(2, report.Added);
        Assert.Equal(2, report.Items.Select(i => i.ArticleId).Distinct().Count());
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportAsync_TextAndHtmlCopiesThatDiffer_SettleOnTheHtmlAndStayUnchanged(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await File.WriteAllTextAsync(store.Directory.File("a.html"), Page("园区签约十二个项目", "2026-11-20", "详见<a href=\"/p/1.html\">政策原文</a>。", "https://www.investchn.com/news/9.html"));
        await File.WriteAllTextAsync(store.Directory.File("a.txt"), Page("园区签约十二个项目", "2026-11-20", "详见政策原文。"));
        await store.Importer.ImportAsync([store.Directory.Path]);

        var again = await store.Importer.ImportAsync([store.Directory.Path]);

        Assert.All(again.Items, i => Assert.Equal(ImportOutcome.Unchanged, i.Outcome));
        Assert.Contains("<a href=", Assert.Single(await store.Articles.ListAsync(new ArticleQuery())).BodyHtml, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportAsync_SameHeadlineFromTwoSources_AreTwoStableArticles(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await File.WriteAllTextAsync(store.Directory.File("a.txt"), Page("招商引资工作推进会召开", "2026-11-20", "临安的报道。").Replace("来源:投促中国", "来源:今日临安", StringComparison.Ordinal));
        await File.WriteAllTextAsync(store.Directory.File("b.txt"), Page("招商引资工作推进会召开", "2026-11-20", "嘉兴的报道。").Replace("来源:投促中国", "来源:嘉兴日报", StringComparison.Ordinal));

        var first = await store.Importer.ImportAsync([store.Directory.Path]);
        var second = await store.Importer.ImportAsync([store.Directory.Path]);

        Assert.Equal(2, first.Added);
        Assert.All(second.Items, i => Assert.Equal(ImportOutcome.Unchanged, i.Outcome));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportAsync_TemplateUrlSharedByArticles_NeverMergesThem(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await File.WriteAllTextAsync(store.Directory.File("a.html"), Page("甲新闻", "2026-11-20", "甲。", "https://www.investchn.com/"));
        await File.WriteAllTextAsync(store.Directory.File("b.html"), Page("乙新闻", "2026-11-21", "乙。", "https://www.investchn.com/"));
        await File.WriteAllTextAsync(store.Directory.File("c.html"), Page("丙新闻", "2026-11-22", "丙。", "https://www.investchn.com/list/zc/"));
        await File.WriteAllTextAsync(store.Directory.File("d.html"), Page("丁新闻", "2026-11-23", "丁。", "https://www.investchn.com/list/zc/"));

        var report = await store.Importer.ImportAsync([store.Directory.Path]);
        var again = await store.Importer.ImportAsync([store.Directory.Path]);

        Assert.Equal(3, report.Added);
        var rejected = Assert.Single(report.Items, i => i.Outcome == ImportOutcome.Rejected);
        Assert.Equal("d.html", Path.GetFileName(rejected.Path));
        Assert.StartsWith("its canonical URL https://www.investchn.com/list/zc/ already belongs to another article", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(0, again.Updated);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportAsync_BadPagesAmongGoodOnes_RejectsOnlyTheBadOnesWithReasons(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await File.WriteAllTextAsync(store.Directory.File("good1.txt"), Page("好新闻一", "2026-11-20", "正文。"));
        await File.WriteAllTextAsync(store.Directory.File("good2.txt"), Page("好新闻二", "2026-11-21", "正文。"));
        await File.WriteAllTextAsync(store.Directory.File("nodate.txt"), "标题\n\n正文。\n");
        await File.WriteAllBytesAsync(store.Directory.File("image.txt"), [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]);
        await File.WriteAllTextAsync(store.Directory.File("notes.csv"), "not a page", Encoding.UTF8);

        var report = await store.Importer.ImportAsync([store.Directory.Path, store.Directory.File("missing.txt")]);

        Assert.Equal(2, report.Added);
        Assert.Equal(3, report.Rejected);
        var reasons = report.Items.Where(i => i.Outcome == ImportOutcome.Rejected).ToDictionary(i => Path.GetFileName(i.Path), i => i.Reason);
        Assert.Equal("no publish date (发布时间) found", reasons["nodate.txt"]);
        Assert.Equal("not a text page (binary content: NUL bytes)", reasons["image.txt"]);
        Assert.Equal("no such file or folder", reasons["missing.txt"]);
        Assert.Equal(2, await store.Articles.CountAsync());
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportAsync_NewArticles_GetIncreasingSequenceNumbersAcrossImports(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        for (var i = 1; i <= 3; i++)
        {
            await File.WriteAllTextAsync(store.Directory.File($"{i}.txt"), Page($"新闻{i}", "2026-11-20", "正文。"));
            await store.Importer.ImportAsync([store.Directory.File($"{i}.txt")]);
        }

        var sequences = (await store.Articles.ListAsync(new ArticleQuery())).Select(a => a.Sequence).Order();

        Assert.Equal([1L, 2L, 3L], sequences);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportAsync_TwoImportsAtOnce_GiveUniqueGaplessSequenceNumbers(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider, new() { ["Import:BatchSize"] = "7" });
        foreach (var folder in new[] { "a", "b" })
        {
            Directory.CreateDirectory(store.Directory.File(folder));
            for (var i = 0; i < 60; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(store.Directory.File(folder), $"{i}.txt"), Page($"{folder}新闻{i}", "2026-11-20", "正文。"));
            }
        }

        var reports = await Task.WhenAll(
            Task.Run(() => store.Importer.ImportAsync([store.Directory.File("a")])),
            Task.Run(() => store.Importer.ImportAsync([store.Directory.File("b")])));

        Assert.All(reports, r => Assert.Equal(60, r.Added));
        var sequences = (await store.Articles.ListAsync(new ArticleQuery(Limit: 1000))).Select(a => a.Sequence).Order();
        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), sequences);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportAsync_SmallBatches_GiveTheSameResultAsOneBatch(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider, new() { ["Import:BatchSize"] = "3" });

        var report = await store.Importer.ImportAsync([TestPaths.Seeds]);

        Assert.Equal(0, report.Rejected);
        Assert.Equal(report.Added, await store.Articles.CountAsync());
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportAsync_SameSeedsIntoTwoStores_GiveTheSameIds(string provider)
    {
        await using var one = await TestStore.CreateOnAsync(provider);
        await using var two = await TestStore.CreateOnAsync(provider);

        var a = await one.Importer.ImportAsync([TestPaths.Seeds]);
        var b = await two.Importer.ImportAsync([TestPaths.Seeds]);

        Assert.Equal(a.Items.Select(i => i.ArticleId), b.Items.Select(i => i.ArticleId));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ListAsync_Channel_MatchesTheChannelAndItsChildren(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        await File.WriteAllTextAsync(store.Directory.File("a.txt"), Page("一", "2026-11-20", "正文。").Replace("首页 > 投资动态", "首页 > 开发区新闻 > 文字新闻", StringComparison.Ordinal));
        await File.WriteAllTextAsync(store.Directory.File("b.txt"), Page("二", "2026-11-21", "正文。").Replace("首页 > 投资动态", "首页 > 开发区新闻", StringComparison.Ordinal));
        await File.WriteAllTextAsync(store.Directory.File("c.txt"), Page("三", "2026-11-22", "正文。").Replace("首页 > 投资动态", "首页 > 开发区新闻图片", StringComparison.Ordinal));
        await store.Importer.ImportAsync([store.Directory.Path]);

        var titles = (await store.Articles.ListAsync(new ArticleQuery("开发区新闻"))).Select(a => a.Title);

        Assert.Equal(["二", "一"], titles);
    }
}
