using InvestChn.Articles;
using InvestChn.Subscribers;

namespace InvestChn.Tests.Digests;

/// <summary>Fixed articles and a subscriber for rendering tests: the same values every run.</summary>
internal static class DigestSamples
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>The daily edition of 2026-11-28, 08:00 in Shanghai.</summary>
    public static readonly DateTimeOffset Edition = new(2026, 11, 28, 8, 0, 0, Shanghai);

    public static Subscriber Subscriber { get; } = new(
        42,
        "wang@example.com",
        "王女士",
        SubscriberStatus.Active,
        DigestFrequency.Daily,
        ["policy-local"],
        ["招商", "AI"],
        "tok_EN-abc123",
        0,
        0,
        new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Three articles, newest first, in two channels; one headline carries markup characters, one runs long.</summary>
    public static IReadOnlyList<Article> Articles { get; } =
    [
        Create(
            3,
            "临安出台<b>&人才新政十条",
            ["政策法规", "地方政策"],
            new DateTime(2026, 11, 27, 10, 0, 0),
            "临安区人民政府",
            "为加快建设人才强区，临安区近日出台人才新政十条，从引进、培育、激励、服务四个方面提出具体措施。政策明确，对新引进的高层次人才给予最高500万元的项目资助，并在住房、子女入学等方面提供保障。详情见 https://www.investchn.com/policy/linan-talent-2026-detailed-measures-and-application-guide.html 。"),
        Create(
            2,
            "开发区签约十二个重点项目，总投资超过一百二十亿元，涵盖新能源汽车零部件、集成电路与生物医药等多个领域",
            ["开发区新闻", "文字新闻"],
            new DateTime(2026, 11, 26, 12, 0, 0),
            "今日临安",
            "11月26日上午，开发区举行重点项目集中签约仪式，十二个项目现场签约。（记者 张三）项目涵盖新能源汽车零部件、集成电路、生物医药等领域，达产后预计年产值超过200亿元。"),
        Create(
            1,
            "杭州发布招商引资奖励办法",
            ["政策法规", "地方政策"],
            new DateTime(2026, 11, 25, 9, 30, 0),
            "",
            "《杭州市招商引资奖励办法》近日印发。办法对引进世界500强企业、行业龙头企业的单位和个人给予奖励。"),
    ];

    private static Article Create(long sequence, string title, string[] channel, DateTime local, string source, string body)
    {
        var published = new DateTimeOffset(local, Shanghai);
        var paragraphs = body.Split('\n');
        return new Article(
            $"sample{sequence:D10}",
            sequence,
            new Uri($"https://www.investchn.com/articles/sample{sequence:D10}.html"),
            UrlIsDerived: true,
            title,
            published.ToUniversalTime(),
            DateOnly.FromDateTime(local),
            source,
            channel,
            string.Concat(paragraphs.Select(p => "<p>" + System.Net.WebUtility.HtmlEncode(p) + "</p>")),
            string.Join(Article.ParagraphSeparator, paragraphs),
            "hash" + sequence,
            published,
            published);
    }
}
