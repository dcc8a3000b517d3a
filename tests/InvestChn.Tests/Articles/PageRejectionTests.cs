using InvestChn.Articles;

namespace InvestChn.Tests.Articles;

public class PageRejectionTests
{
    [Theory]
    [InlineData("no-title.txt", "no title found")]
    [InlineData("no-title.html", "no title found")]
    [InlineData("no-date.txt", "no publish date (发布时间) found")]
    [InlineData("bad-date.txt", "unparsable publish date '2024-02-30' (no such date or time)")]
    [InlineData("future-date.txt", "publish date 2031-05-01 is more than a day in the future")]
    [InlineData("empty-body.txt", "empty body")]
    [InlineData("binary.txt", "not a text page (binary content: NUL bytes)")]
    [InlineData("empty.txt", "empty file")]
    public void Parse_BadPage_IsRejectedWithOneLineReason(string file, string reason)
    {
        var result = ParseContexts.ParseFixture("rejected", file);

        Assert.Null(result.Page);
        Assert.Equal(reason, result.Rejection);
    }

    [Fact]
    public void Parse_UnsupportedExtension_IsRejected()
    {
        var result = PageParser.Parse("subscribers.csv", "email,name\n"u8, ParseContexts.Default);

        Assert.Equal("not a page file ('.csv'; expected .txt, .htm or .html)", result.Rejection);
    }

    [Fact]
    public void Parse_DateWithinTheNextDay_IsAccepted()
    {
        var tomorrow = TimeZoneInfo.ConvertTime(ParseContexts.Now.AddHours(20), ParseContexts.Shanghai);
        var text = $"您现在的位置:首页 > 投资动态\n标题\n发布时间:{tomorrow:yyyy-MM-dd HH:mm}\n\n  正文。\n";

        var result = TextPageParser.Parse(text, ParseContexts.Default);

        Assert.NotNull(result.Page);
    }

    [Fact]
    public void Parse_InvalidUtf8WithoutGbSense_IsRejectedAsNotText()
    {
        // 0x80 alone is not a GB18030 lead byte sequence that decodes, nor UTF-8.
        byte[] bytes = [.. "发布时间:2024-01-01\n"u8, 0x80, 0xFF, 0x80, 0xFF];

        var result = PageParser.Parse("x.txt", bytes, ParseContexts.Default);

        Assert.StartsWith("not a text page", result.Rejection, StringComparison.Ordinal);
    }
}
