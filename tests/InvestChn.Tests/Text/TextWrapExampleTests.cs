using InvestChn.Text;

namespace InvestChn.Tests.Text;

/// <summary>Exact wrapped output of typical digest text, by display columns (an ideograph takes two).</summary>
public class TextWrapExampleTests
{
    [Fact]
    public void Wrap_Ideographs_BreakAnywhereButBeforeClosingMarks()
    {
        Assert.Equal(
            "园区坚持项目为王，围\n绕主导产业开展精准招\n商，新签约项目质量持\n续提升。",
            TextWrap.Wrap("园区坚持项目为王，围绕主导产业开展精准招商，新签约项目质量持续提升。", 20));
    }

    [Fact]
    public void Wrap_Indent_StartsEveryLineAndCountsTowardsTheWidth()
    {
        Assert.Equal(
            "    园区坚持项目为\n    王，围绕主导产业\n    开展精准招商，新\n    签约项目质量持续\n    提升。",
            TextWrap.Wrap("园区坚持项目为王，围绕主导产业开展精准招商，新签约项目质量持续提升。", 20, "    "));
    }

    [Fact]
    public void Wrap_OpeningMark_StaysWithWhatFollows()
    {
        Assert.Equal(
            "项目总投资约\n二十五亿元\n「重点项目」\n建成后预计年\n产值超过四十\n亿元",
            TextWrap.Wrap("项目总投资约二十五亿元「重点项目」建成后预计年产值超过四十亿元", 12));
    }

    [Fact]
    public void Wrap_Url_IsNeverSplit()
    {
        Assert.Equal(
            "详见\nhttps://www.investchn.com/news/2026/11/28/12345.html\n页面",
            TextWrap.Wrap("详见 https://www.investchn.com/news/2026/11/28/12345.html 页面", 20));
    }

    [Fact]
    public void Wrap_Paragraphs_AreKeptAndBlankLinesHaveNoIndent()
    {
        Assert.Equal("  第一段。\n\n  第二段，内容较\n  长需要换行处理\n  才能显示完整。", TextWrap.Wrap("第一段。\r\n\r\n第二段，内容较长需要换行处理才能显示完整。", 16, "  "));
    }

    [Fact]
    public void Wrap_LatinText_BreaksBetweenWords()
    {
        Assert.Equal("Hello world, this is a\nplain English sentence\nthat wraps by words.", TextWrap.Wrap("Hello world, this is a plain English sentence that wraps by words.", 24));
    }

    [Fact]
    public void Wrap_LoneSurrogate_BecomesTheReplacementCharacter()
    {
        Assert.Equal("坏\uFFFD字", TextWrap.Wrap("坏\uD800字"));
    }
}
