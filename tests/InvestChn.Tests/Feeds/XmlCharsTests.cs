using InvestChn.Text;

namespace InvestChn.Tests.Feeds;

public class XmlCharsTests
{
    [Theory]
    [InlineData("标题\u0001A", "标题A")]
    [InlineData("标题\u000BA\uFFFE\uFFFF", "标题A")]
    [InlineData("好\t字\n𠮷", "好\t字\n𠮷")]
    public void Clean_RemovesOnlyWhatXmlForbids(string input, string expected)
    {
        Assert.Equal(expected, XmlChars.Clean(input));
    }

    [Fact]
    public void Clean_LoneSurrogate_IsRemoved()
    {
        var input = new string(['坏', '\uD800', '字', '\uDC00']);

        Assert.Equal("坏字", XmlChars.Clean(input));
    }
}
