using InvestChn.Digests;
using InvestChn.Subscribers;
using InvestChn.Tests.Storage;
using static InvestChn.Tests.Digests.TestPages;

namespace InvestChn.Tests.Digests;

/// <summary>Keyword subscriptions match segmented terms (with synonyms), seen through <c>digest preview</c>'s selection on a real store.</summary>
public class KeywordTermMatchingTests
{
    private const string ZoneNews = "开发区新闻 > 文字新闻";

    private static readonly Page ZoneOnly = new(
        "开发区签约十二个重点项目", ZoneNews, new DateTime(2026, 11, 27, 9, 0, 0), Body: "省级开发区今年新签约项目质量持续提升。");

    private static readonly Page Development = new(
        "园区企业加快新产品开发", ZoneNews, new DateTime(2026, 11, 27, 10, 0, 0), Body: "企业加大研发投入，开发智能装备新产品。");

    private static readonly Page FullTerm = new(
        "临安召开招商引资推进会", ZoneNews, new DateTime(2026, 11, 27, 11, 0, 0), Body: "会议部署全年重点任务。");

    private static readonly Page ShortTerm = new(
        "嘉兴加大重大项目招引力度", ZoneNews, new DateTime(2026, 11, 27, 12, 0, 0), Body: "市投促中心牵头对接长三角企业。");

    [Fact]
    public async Task Preview_KeywordKaifa_DoesNotMatchAnArticleOnlyAboutKaifaqu()
    {
        await using var store = await TestStore.CreateAsync();
        await AddAsync(store, "dev@example.com", "开发");
        await ImportAsync(store, ZoneOnly, Development);

        var selection = await SelectionAsync(store, "dev@example.com");

        Assert.Equal([Development.Title], selection.Articles.Select(a => a.Title));
        Assert.Equal("开发", Assert.Single(selection.MatchedKeywords).Value);
    }

    [Theory]
    [InlineData("招引")]
    [InlineData("招商引资")]
    public async Task Preview_EitherSynonym_MatchesArticlesWrittenWithTheOther(string keyword)
    {
        await using var store = await TestStore.CreateAsync();
        await AddAsync(store, "zhaoyin@example.com", keyword);
        await ImportAsync(store, ZoneOnly, FullTerm, ShortTerm);

        var selection = await SelectionAsync(store, "zhaoyin@example.com");

        Assert.Equal([ShortTerm.Title, FullTerm.Title], selection.Articles.Select(a => a.Title));
        Assert.All(selection.Articles, a => Assert.Equal(keyword, selection.MatchedKeywords[a.Sequence]));
    }

    [Fact]
    public async Task Preview_SeveralKeywords_NamesTheOneEachArticleMatched()
    {
        await using var store = await TestStore.CreateAsync();
        await AddAsync(store, "two@example.com", "投促", "临安");
        await ImportAsync(store, ZoneOnly, FullTerm, ShortTerm);

        var selection = await SelectionAsync(store, "two@example.com");

        Assert.Equal(
            [(ShortTerm.Title, "投促"), (FullTerm.Title, "临安")],
            selection.Articles.Select(a => (a.Title, selection.MatchedKeywords[a.Sequence])));
    }

    private static async Task<DigestSelection> SelectionAsync(TestStore store, string email)
    {
        var preview = await store.Get<DigestPreview>().RenderAsync(email);
        Assert.NotNull(preview);
        return preview.Value.Selection;
    }

    private static async Task AddAsync(TestStore store, string email, params string[] keywords)
    {
        var change = Assert.Single(await store.SubscriberDirectory.SaveAsync([new SubscriberInput(email, "", DigestFrequency.Daily, [], keywords)], pending: false));
        Assert.Empty(change.Problems);
    }
}
