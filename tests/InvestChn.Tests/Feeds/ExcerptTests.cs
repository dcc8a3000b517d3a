using InvestChn.Text;

namespace InvestChn.Tests.Feeds;

public class ExcerptTests
{
    [Fact]
    public void Create_LongText_CutsAfterTheLastSentenceEndThatFits()
    {
        var text = "园区一季度签约项目十二个。总投资超过八十亿元！其中外资项目三个？后续还将继续推进更多项目落地见效。";

        var excerpt = Excerpt.Create(text, 30);

        Assert.Equal("园区一季度签约项目十二个。总投资超过八十亿元！", excerpt);
    }

    [Fact]
    public void Create_SemicolonIsASentenceEnd()
    {
        Assert.Equal("一是优化服务；", Excerpt.Create("一是优化服务；二是强化保障，完善要素供给体系并加快推进", 12));
    }

    [Fact]
    public void Create_ShortText_IsReturnedWhole()
    {
        Assert.Equal("园区一季度签约项目十二个。", Excerpt.Create("园区一季度签约项目十二个。", 120));
    }

    [Fact]
    public void Create_FirstSentenceTooLong_CutsAtTheLimitWithEllipsis()
    {
        var text = new string('园', 50) + "。";

        var excerpt = Excerpt.Create(text, 20);

        Assert.Equal(new string('园', 18) + "……", excerpt);
    }

    [Fact]
    public void Create_DecimalPointInANumber_IsNotASentenceEnd()
    {
        var excerpt = Excerpt.Create("计划总投资186.4亿元，其中亿元以上项目19个，外资项目5个，签约项目数创历史新高，投资结构持续优化", 30);

        Assert.Equal("计划总投资186.4亿元，其中亿元以上项目19个，外资项……", excerpt);
    }

    [Fact]
    public void Create_SupplementaryCharacters_AreNeverSplit()
    {
        // 𠮷 is one character made of a surrogate pair.
        var text = string.Concat(Enumerable.Repeat("𠮷", 40));

        var excerpt = Excerpt.Create(text, 10);

        Assert.Equal(string.Concat(Enumerable.Repeat("𠮷", 8)) + "……", excerpt);
        Assert.False(char.IsHighSurrogate(excerpt[^3]));
    }

    [Fact]
    public void Create_Paragraphs_RunOnWithoutASpace()
    {
        Assert.Equal("第一段。第二段。", Excerpt.Create("第一段。\n\n第二段。", 120));
    }

    [Fact]
    public void Create_ClosingQuoteAfterTheSentenceEnd_StaysWithTheSentence()
    {
        Assert.Equal("他表示：“项目已经全部签约。”", Excerpt.Create("他表示：“项目已经全部签约。”下一步将加快推进项目开工建设，确保早日投产达效。", 30));
    }

    [Fact]
    public void Create_Ellipsis_IsNotASentenceEnd()
    {
        // Cut inside "……": the pair is never split into a sentence end.
        Assert.Equal("园区项目建设……", Excerpt.Create("园区项目建设中……正在推进之中并将于年底全部建成投产", 8));
    }
}
