using InvestChn.Articles;

namespace InvestChn.Tests.Articles;

internal static class ParseContexts
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    public static PageParseContext Default { get; } = new(Shanghai, new Uri("https://www.investchn.com/"), Now);

    public static PageParseResult ParseFixture(params string[] path)
    {
        var file = TestPaths.Fixture(["Pages", .. path]);
        return PageParser.Parse(file, File.ReadAllBytes(file), Default);
    }
}
