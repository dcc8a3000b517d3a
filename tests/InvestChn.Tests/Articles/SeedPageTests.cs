using InvestChn.Articles;

namespace InvestChn.Tests.Articles;

/// <summary>The real page of the site, in every form the importer accepts, gives the same article.</summary>
public class SeedPageTests
{
    private const string Title = "开局即决战 起跑就冲刺 奋力夺取全市经济开门红首季红";

    private static readonly string[] Chrome =
    [
        "打造网上国际投资促进平台", "您现在的位置", "首页", "发布时间", "上一条", "下一条", "与我们联系",
        "联系电话", "53660867", "info@investchn.com", "Copyright", "版权所有", "ICP备", "不应出现", "字号",
    ];

    [Fact]
    public void Parse_RealSeedPage_ReadsTitleDateSourceChannelAndTenParagraphs()
    {
        var page = ParseContexts.ParseFixture("seed.txt").Page!;

        Assert.Equal(Title, page.Title);
        Assert.Equal(new DateOnly(2023, 1, 30), page.PublishedDate);
        Assert.Equal(new DateTimeOffset(2023, 1, 29, 16, 0, 0, TimeSpan.Zero), page.PublishedAt);
        Assert.Equal("今日临安", page.Source);
        Assert.Equal(["开发区新闻", "文字新闻"], page.ChannelPath);
        Assert.Equal(10, page.Body.Count);
        Assert.StartsWith("1月29日下午", page.Body[0].Text, StringComparison.Ordinal);
        Assert.Equal("钱美仙、李赛文、李莲萍等区四套班子领导参加会议。", page.Body[^1].Text);
        Assert.Null(page.CanonicalUrl);
    }

    [Theory]
    [InlineData("seed.txt")]
    [InlineData("seed-bom.txt")]
    [InlineData("seed-gb18030.txt")]
    [InlineData("seed.html")]
    [InlineData("seed-gb2312.html")]
    public void Parse_AnyFormOfSeedPage_KeepsNoChrome(string file)
    {
        var page = ParseContexts.ParseFixture(file).Page!;

        var everything = string.Join("\n", page.Body.Select(b => b.Html + "\n" + b.Text).Append(page.Title));
        foreach (var chrome in Chrome)
        {
            Assert.DoesNotContain(chrome, everything, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("seed-bom.txt")]
    [InlineData("seed-gb18030.txt")]
    [InlineData("seed.html")]
    [InlineData("seed-gb2312.html")]
    public void Parse_VariantOfSeedPage_GivesTheSameArticleAsTheTextPage(string file)
    {
        var expected = ParseContexts.ParseFixture("seed.txt").Page!;

        var actual = ParseContexts.ParseFixture(file).Page!;

        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.PublishedAt, actual.PublishedAt);
        Assert.Equal(expected.Source, actual.Source);
        Assert.Equal(expected.ChannelPath, actual.ChannelPath);
        Assert.Equal(expected.Body.Select(b => b.Text), actual.Body.Select(b => b.Text));
        Assert.Equal(expected.Body.Select(b => b.Html), actual.Body.Select(b => b.Html));
    }

    [Fact]
    public void Parse_SeedInRepository_IsTheRealPage()
    {
        var file = Path.Combine(TestPaths.Seeds, "000_d9a830af0e99222f.txt");

        var page = PageParser.Parse(file, File.ReadAllBytes(file), ParseContexts.Default).Page!;

        Assert.Equal(Title, page.Title);
        Assert.Equal(10, page.Body.Count);
    }
}
