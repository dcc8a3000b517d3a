using System.Globalization;
using System.Text;
using InvestChn.Articles;
using InvestChn.Tests.Storage;

namespace InvestChn.Tests.Digests;

/// <summary>Writes small pages in the site's text layout and imports them, so tests choose titles, channels and dates.</summary>
internal static class TestPages
{
    /// <summary>A page to write: <paramref name="Breadcrumb"/> like 政策法规 > 地方政策, <paramref name="Published"/> in Asia/Shanghai.</summary>
    public sealed record Page(string Title, string Breadcrumb, DateTime Published, string Body = "本市出台新一轮招商引资政策，支持重点项目加快落地。", string Source = "今日临安");

    public static string Text(Page page) =>
        $"""
        打造网上国际投资促进平台 致力于中国投资促进事业
        您现在的位置:首页 > {page.Breadcrumb}
        {page.Title}
        发布时间:{page.Published.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}    来源:{page.Source}

          {page.Body}

        上一条:区人大常委会召开党组第16次(扩大)会议
        下一条:区十七届人大二次会议胜利闭幕
        与我们联系
          • 联系电话:+86-0512-53660867
        Copyright © 2015-2024 InvestCHN.com All Rights Reserved. 版权所有:投促中国 沪ICP备2023002757号
        """;

    /// <summary>Writes the pages into a new folder under the store's folder and imports them in the order given.</summary>
    public static async Task<IReadOnlyList<Article>> ImportAsync(TestStore store, params Page[] pages)
    {
        var folder = Path.Combine(store.Directory.Path, "pages-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        for (var i = 0; i < pages.Length; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, $"{i:D3}.txt"), Text(pages[i]), new UTF8Encoding(false));
        }

        var report = await store.Importer.ImportAsync([folder], null, default);
        Assert.Equal(pages.Length, report.Added);
        var newest = await store.Articles.GetNewestSequenceAsync();
        var all = await store.Articles.ListImportedAsync(newest - pages.Length, newest, null);
        return pages.Select(p => all.Single(a => a.Title == p.Title)).ToList();
    }
}
