using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace InvestChn.Articles;

/// <summary>
/// The site's page conventions that both page formats share: the breadcrumb, the info line
/// (发布时间/来源), and the chrome around the article.
/// </summary>
public static partial class PageText
{
    private static readonly string[] BreadcrumbLabels = ["您现在的位置", "您的位置", "当前位置", "现在的位置"];

    private static readonly string[] HomeNames = ["首页", "网站首页", "主页", "Home", "home"];

    /// <summary>Lines or blocks that start the site's chrome after the article body.</summary>
    private static readonly string[] ChromeStarts =
    [
        "上一条", "下一条", "上一篇", "下一篇", "与我们联系", "联系我们", "Copyright", "copyright", "版权所有", "【打印", "【关闭",
    ];

    private static readonly char[] BreadcrumbSeparators = ['>', '＞', '»', '›', '→', '〉'];

    /// <summary>True for a breadcrumb line such as <c>您现在的位置:首页 > 开发区新闻 > 文字新闻</c>.</summary>
    public static bool IsBreadcrumb(string line)
    {
        var trimmed = Trim(line);
        return BreadcrumbLabels.Any(label => trimmed.StartsWith(label, StringComparison.Ordinal));
    }

    /// <summary>The channel path of a breadcrumb: its items after 首页 (all items when there is no 首页).</summary>
    public static IReadOnlyList<string> ParseBreadcrumb(string breadcrumb)
    {
        var text = Trim(breadcrumb);
        foreach (var label in BreadcrumbLabels)
        {
            if (text.StartsWith(label, StringComparison.Ordinal))
            {
                text = text[label.Length..].TrimStart(' ', '\u3000', ':', '：');
                break;
            }
        }

        var items = text.Split(BreadcrumbSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(item => CollapseWhitespace(item).Replace('/', '／'))
            .Where(item => item.Length > 0)
            .ToList();
        var home = items.FindIndex(item => HomeNames.Contains(item, StringComparer.Ordinal));
        return home >= 0 ? items[(home + 1)..] : items;
    }

    /// <summary>True for the info line that carries 发布时间 (or 发布日期).</summary>
    public static bool IsInfoLine(string line) => InfoLabel().IsMatch(line);

    /// <summary>True for a line or block that belongs to the chrome after the body.</summary>
    public static bool IsChrome(string text)
    {
        var trimmed = Trim(text);
        return ChromeStarts.Any(start => trimmed.StartsWith(start, StringComparison.Ordinal)) ||
               trimmed.Contains("All Rights Reserved", StringComparison.OrdinalIgnoreCase) ||
               IcpNumber().IsMatch(trimmed);
    }

    /// <summary>Reads the publication time and 来源 from an info line, or says what is wrong with it.</summary>
    public static bool TryParseInfoLine(string line, PageParseContext context, out DateTimeOffset publishedAt, out DateOnly publishedDate, out string source, out string? problem)
    {
        publishedAt = default;
        publishedDate = default;
        source = ParseSource(line);

        // NFKC folds full-width digits, colons and spaces so one pattern covers every spelling.
        var folded = line.Normalize(NormalizationForm.FormKC);
        var label = InfoLabel().Match(folded);
        if (!label.Success)
        {
            problem = "no publish date (发布时间) found";
            return false;
        }

        var rest = folded[(label.Index + label.Length)..];
        var match = DatePattern().Match(rest);
        if (!match.Success)
        {
            problem = $"unparsable publish date '{FirstWord(rest)}'";
            return false;
        }

        var year = Number(match, "y");
        var month = Number(match, "m");
        var day = Number(match, "d");
        var hour = match.Groups["H"].Success ? Number(match, "H") : 0;
        var minute = match.Groups["M"].Success ? Number(match, "M") : 0;
        var second = match.Groups["S"].Success ? Number(match, "S") : 0;
        if (year < 1990 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) ||
            hour > 23 || minute > 59 || second > 59)
        {
            problem = $"unparsable publish date '{match.Value.Trim()}' (no such date or time)";
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        publishedAt = new DateTimeOffset(local, context.TimeZone.GetUtcOffset(local)).ToUniversalTime();
        publishedDate = DateOnly.FromDateTime(local);
        if (publishedAt > context.Now.AddDays(1))
        {
            problem = $"publish date {match.Value.Trim()} is more than a day in the future";
            return false;
        }

        problem = null;
        return true;
    }

    private static string ParseSource(string line)
    {
        var match = SourcePattern().Match(line);
        return match.Success ? CollapseWhitespace(match.Groups["source"].Value) : string.Empty;
    }

    private static int Number(Match match, string group) =>
        int.Parse(match.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string FirstWord(string text)
    {
        var trimmed = text.Trim();
        var end = trimmed.IndexOfAny([' ', '\t', '\u3000']);
        return end < 0 ? trimmed : trimmed[..end];
    }

    /// <summary>Trims ASCII and ideographic spaces and no-break spaces at both ends.</summary>
    public static string Trim(string text) => text.Trim(' ', '\t', '\r', '\n', '\u3000', '\u00A0', '\uFEFF');

    /// <summary>Folds runs of white space to one space and trims the ends; ideographic spaces inside the text stay.</summary>
    public static string CollapseWhitespace(string text) => Trim(CollapseRuns(text));

    /// <summary>Folds each run of ASCII white space and no-break spaces to one ASCII space and drops zero-width spaces, without trimming.</summary>
    public static string CollapseRuns(string text)
    {
        var builder = new StringBuilder(text.Length);
        var inRun = false;
        foreach (var c in text)
        {
            if (c is '\u200B' or '\uFEFF')
            {
                continue;
            }

            if (c is ' ' or '\t' or '\r' or '\n' or '\f' or '\u00A0')
            {
                if (!inRun)
                {
                    builder.Append(' ');
                }

                inRun = true;
                continue;
            }

            inRun = false;
            builder.Append(c);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"发布(?:时间|日期)\s*[:：]\s*")]
    private static partial Regex InfoLabel();

    [GeneratedRegex(@"^\s*(?<y>[0-9]{4})\s*[-/.年]\s*(?<m>[0-9]{1,2})\s*[-/.月]\s*(?<d>[0-9]{1,2})\s*日?(?:\s*(?<H>[0-9]{1,2})\s*[:时]\s*(?<M>[0-9]{2})(?:\s*[:分]\s*(?<S>[0-9]{2}))?)?(?![0-9])")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"来\s*源\s*[:：]\s*(?<source>.*?)\s*(?=(?:\s{2}|\u3000)|[【\[|｜]|(?:作者|编辑|责任编辑|点击|浏览|阅读|字号|发布时间|发布日期)\s*[:：]|$)")]
    private static partial Regex SourcePattern();

    [GeneratedRegex(@"ICP\s*备", RegexOptions.IgnoreCase)]
    private static partial Regex IcpNumber();
}
