using InvestChn.Articles;

namespace InvestChn.Tests.Articles;

public class TextPageParserTests
{
    private static string Page(string info, string body = "  园区一季度签约项目十二个。\n\n  总投资超过八十亿元。") =>
        "打造网上国际投资促进平台 致力于中国投资促进事业\n" +
        "您现在的位置:首页 > 招商项目 > 项目发布\n" +
        "临安经济开发区一季度签约十二个项目\n" +
        info + "\n\n" + body + "\n" +
        "上一条:某条新闻\n下一条:另一条新闻\n与我们联系\n  • 联系电话:+86-0512-53660867\nCopyright © 2015-2024 InvestCHN.com\n";

    [Theory]
    [InlineData("发布时间:2023-01-30    来源:今日临安", 2023, 1, 30, 0, 0)]
    [InlineData("发布时间：2023-01-30　来源：今日临安", 2023, 1, 30, 0, 0)]
    [InlineData("发布时间:2023-1-5    来源:今日临安", 2023, 1, 5, 0, 0)]
    [InlineData("发布时间:2023年2月3日    来源:今日临安", 2023, 2, 3, 0, 0)]
    [InlineData("发布时间:2023年2月3日 14:05    来源:今日临安", 2023, 2, 3, 14, 5)]
    [InlineData("发布时间:2023-01-30 09:30    来源:今日临安", 2023, 1, 30, 9, 30)]
    [InlineData("发布时间：２０２３－０１－３０ ０９：３０　来源：今日临安", 2023, 1, 30, 9, 30)]
    [InlineData("发布日期:2023/01/30    来源:今日临安", 2023, 1, 30, 0, 0)]
    public void Parse_DateSpellings_GiveShanghaiTimeAsUtc(string info, int year, int month, int day, int hour, int minute)
    {
        var page = TextPageParser.Parse(Page(info), ParseContexts.Default).Page!;

        var expected = new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));
        Assert.Equal(expected, page.PublishedAt);
        Assert.Equal(TimeSpan.Zero, page.PublishedAt.Offset);
        Assert.Equal("今日临安", page.Source);
    }

    [Theory]
    [InlineData("发布时间:2023-01-30", "")]
    [InlineData("发布时间:2023-01-30    来源:", "")]
    [InlineData("发布时间:2023-01-30  来源:浙江日报  作者:王明", "浙江日报")]
    [InlineData("来源：商务部网站　发布时间：2023-01-30", "商务部网站")]
    [InlineData("发布时间:2023-01-30 来源:杭州市投资促进局 点击:120", "杭州市投资促进局")]
    public void Parse_Source_IsReadUpToTheNextField(string info, string source)
    {
        var page = TextPageParser.Parse(Page(info), ParseContexts.Default).Page!;

        Assert.Equal(source, page.Source);
    }

    [Fact]
    public void Parse_CrlfAndIdeographicIndentation_GiveCleanParagraphs()
    {
        var text = Page("发布时间:2023-01-30", "\u3000\u3000园区一季度签约项目十二个。\r\n\r\n\u3000\u3000总投资超过八十亿元。").Replace("\n", "\r\n", StringComparison.Ordinal);

        var page = TextPageParser.Parse(text, ParseContexts.Default).Page!;

        Assert.Equal(["园区一季度签约项目十二个。", "总投资超过八十亿元。"], page.Body.Select(b => b.Text));
        Assert.Equal("临安经济开发区一季度签约十二个项目", page.Title);
    }

    [Fact]
    public void Parse_MarkupCharactersInText_AreEscapedInHtml()
    {
        var page = TextPageParser.Parse(Page("发布时间:2023-01-30", "  研发投入<占比>提高到5%&以上，“A&B”项目落地。"), ParseContexts.Default).Page!;

        Assert.Equal("<p>研发投入&lt;占比&gt;提高到5%&amp;以上，“A&amp;B”项目落地。</p>", page.Body[0].Html);
        Assert.Equal("研发投入<占比>提高到5%&以上，“A&B”项目落地。", page.Body[0].Text);
    }

    [Fact]
    public void Parse_FullWidthPunctuation_IsKept()
    {
        var page = TextPageParser.Parse(Page("发布时间:2023-01-30", "  一、坚持“项目为王”：抓招商、促投产！（试行）"), ParseContexts.Default).Page!;

        Assert.Equal("一、坚持“项目为王”：抓招商、促投产！（试行）", page.Body[0].Text);
    }

    [Fact]
    public void Parse_SingleLevelBreadcrumb_GivesOneChannel()
    {
        var text = Page("发布时间:2023-01-30").Replace("首页 > 招商项目 > 项目发布", "首页 > 投资动态", StringComparison.Ordinal);

        var page = TextPageParser.Parse(text, ParseContexts.Default).Page!;

        Assert.Equal(["投资动态"], page.ChannelPath);
    }

    [Fact]
    public void Parse_NoBreadcrumb_TakesTheLineAboveTheInfoLineAsTitle()
    {
        var page = TextPageParser.Parse("园区一季度签约十二个项目\n发布时间:2023-01-30\n\n正文第一段。\n", ParseContexts.Default).Page!;

        Assert.Equal("园区一季度签约十二个项目", page.Title);
        Assert.Empty(page.ChannelPath);
    }
}
