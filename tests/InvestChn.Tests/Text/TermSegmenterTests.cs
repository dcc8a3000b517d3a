using InvestChn.Text;

namespace InvestChn.Tests.Text;

/// <summary>Segmentation of sentences taken from the pages in seeds/, with the repository's dictionary; expected terms written by hand.</summary>
public class TermSegmenterTests
{
    private static readonly TermSegmenter Segmenter = new(Path.Combine(TestPaths.Seeds, "dict"));

    [Theory]
    // 006_qingshanhu-2026-investment-meeting / 001: a listed zone stays whole and also stands for the listed place inside it.
    [InlineData("青山湖科技城前三季度新签约项目27个", "青山湖科技城 青山湖 前 三季度 新 签约 项目 27 个")]
    [InlineData("临安经济开发区召开“三服务”企业座谈会", "临安经济开发区 临安 召开 三 服务 企业 座谈会")]
    // 028_biopharma-investment-rational: 开发区 is one word; listed policy terms stay whole.
    [InlineData("近年来，生物医药一直是各地开发区招商引资的热门赛道。", "近年来 生物医药 一直 是 各地 开发区 招商引资 的 热门 赛道")]
    // 013_zhejiang-ten-measures-big-projects.
    [InlineData("同时，推动省级以上开发区规范招商政策，避免无序竞争。", "同时 推动 省级 以上 开发区 规范 招商 政策 避免 无序 竞争")]
    // 000_d9a830af0e99222f (the site's own page): half-width punctuation and quotes are no terms.
    [InlineData("全力打造一流的营商环境。", "全力 打造 一流 的 营商环境")]
    // 024_yrd-zones-foreign-capital-q3: the synonym 招引 is stored as 招商引资.
    [InlineData("持续加大外资招引力度", "持续 加大 外资 招商引资 力度")]
    public void Segment_SeedSentences_GiveTheExpectedTerms(string sentence, string expected)
    {
        Assert.Equal(expected.Split(' '), Segmenter.Segment(sentence));
    }

    [Theory]
    [InlineData("投促", "投资促进")]
    [InlineData("招引", "招商引资")]
    [InlineData("ＡＩ", "ai")]
    [InlineData("Ｅｖ", "ev")]
    [InlineData("开发", "开发")]
    [InlineData("临安", "临安")]
    public void KeywordTerms_SynonymsWidthAndCase_AreFolded(string keyword, string expected)
    {
        Assert.Equal([expected], Segmenter.KeywordTerms(keyword));
    }

    [Fact]
    public void Terms_OfAnArticle_CountTitleAndBodyAndRoundTripThroughTheStoredForm()
    {
        var terms = Segmenter.Terms("临安招引大项目", "临安经济开发区全力招商引资。");

        Assert.Equal(2, terms.Counts["临安"]);
        Assert.Equal(2, terms.Counts["招商引资"]);
        Assert.False(terms.Contains("招引"));
        Assert.False(terms.Contains("开发"));
        var stored = terms.Serialize();
        Assert.Contains(ArticleTerms.StoredNeedle("临安"), stored, StringComparison.Ordinal);
        Assert.Equal(terms.Counts, ArticleTerms.Parse(stored).Counts);
    }

    [Theory]
    [InlineData("临安\uD800开发区")]
    [InlineData("临安\uFFFE开发区")]
    [InlineData("临安\u0001开发区\uDFFF")]
    public void Segment_BrokenCharacters_AreSkipped(string text)
    {
        Assert.Equal(["临安", "开发区"], Segmenter.Segment(text));
    }
}
