using InvestChn.Text;

namespace InvestChn.Tests.Text;

/// <summary>Wrapping Chinese plain text by display columns, as the text part of a digest needs.</summary>
public class TextWrapTests
{
    private const string NoLineStart = "。，、；：！？）」』》”";
    private const string NoLineEnd = "（「『《“";

    private const string Paragraph =
        "为加快建设人才强区，临安区近日出台「人才新政十条」，从引进、培育、激励、服务四个方面提出具体措施。" +
        "政策明确：对新引进的高层次人才（含海外人才）给予最高500万元的项目资助；对“卡脖子”技术攻关团队另行支持！" +
        "申报指南见 https://www.investchn.com/policy/linan-talent-2026.html ，咨询电话 0571-63722222 。" +
        "Investment promotion officers say the measures are competitive.";

    [Fact]
    public void Wrap_BreakWouldFallBeforeAFullStop_MovesTheCharacterBeforeItDown()
    {
        var lines = TextWrap.Wrap("一二三四五。六七", 10).Split('\n');

        Assert.Equal(["一二三四", "五。六七"], lines);
    }

    [Fact]
    public void Wrap_BreakWouldFallAfterAnOpeningBracket_MovesTheBracketDown()
    {
        var lines = TextWrap.Wrap("一二三四「五六」七", 10).Split('\n');

        Assert.Equal(["一二三四", "「五六」七"], lines);
    }

    [Fact]
    public void Wrap_CommaSetOffFromAUrlBySpace_StaysOnTheUrlLine()
    {
        var lines = TextWrap.Wrap("详见 https://www.investchn.com/a.html ，欢迎咨询。", 38).Split('\n');

        Assert.Equal(["详见", "https://www.investchn.com/a.html ，欢", "迎咨询。"], lines);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(13)]
    [InlineData(20)]
    [InlineData(27)]
    [InlineData(40)]
    [InlineData(72)]
    public void Wrap_AnyWidth_NeverStartsWithClosingNorEndsWithOpeningPunctuation(int columns)
    {
        var lines = TextWrap.Wrap(Paragraph, columns).Split('\n');

        Assert.True(lines.Length > 1);
        Assert.All(lines.Skip(1), line => Assert.DoesNotContain(line[0], NoLineStart));
        Assert.All(lines, line => Assert.DoesNotContain(line[^1], NoLineEnd));
        Assert.Equal(Paragraph.Replace(" ", "", StringComparison.Ordinal), string.Concat(lines).Replace(" ", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(33)]
    [InlineData(72)]
    public void Wrap_LatinWordsAndUrls_AreNeverSplit(int columns)
    {
        var wrapped = TextWrap.Wrap(Paragraph, columns);

        // A word cut in two would have a line break inside it.
        foreach (var word in new[] { "https://www.investchn.com/policy/linan-talent-2026.html", "0571-63722222", "500", "Investment", "promotion", "officers", "competitive." })
        {
            Assert.Contains(word, wrapped, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(21)]
    [InlineData(40)]
    [InlineData(72)]
    public void Wrap_Width_IsCountedInDisplayColumns(int columns)
    {
        var lines = TextWrap.Wrap(Paragraph, columns).Split('\n');

        // Only a line holding an unbreakable run that nearly fills it alone (a URL, a long number) may be wider.
        Assert.All(
            lines.Where(l => LongestLatinRun(l) <= columns - 3),
            line => Assert.True(DisplayWidth.Of(line) <= columns, $"{DisplayWidth.Of(line)} > {columns}: {line}"));
        Assert.Contains(lines, l => DisplayWidth.Of(l) is var w && w <= columns && w >= columns - 3);
    }

    private static int LongestLatinRun(string line) =>
        line.Split(' ').SelectMany(word => word.Split(word.Where(c => DisplayWidth.Of(c.ToString()) == 2).ToArray())).Max(run => run.Length);

    [Fact]
    public void Wrap_Ideographs_TakeTwoColumnsEach()
    {
        var lines = TextWrap.Wrap(new string('中', 25), 20).Split('\n');

        Assert.Equal([new string('中', 10), new string('中', 10), new string('中', 5)], lines);
    }

    [Fact]
    public void Wrap_Indent_StartsEveryLineAndCountsInTheWidth()
    {
        var lines = TextWrap.Wrap(new string('中', 25), 24, "    ").Split('\n');

        Assert.Equal(["    " + new string('中', 10), "    " + new string('中', 10), "    " + new string('中', 5)], lines);
    }

    [Fact]
    public void Wrap_LineBreaksInTheText_AreKeptAsParagraphs()
    {
        var wrapped = TextWrap.Wrap("第一段。\r\n\r\n第二段。", 20, "  ");

        Assert.Equal("  第一段。\n\n  第二段。", wrapped);
    }

    [Fact]
    public void Wrap_SpacesBetweenLatinWords_BreakThereAndAreDropped()
    {
        var wrapped = TextWrap.Wrap("alpha beta gamma delta", 11);

        Assert.Equal("alpha beta\ngamma delta", wrapped);
    }
}
