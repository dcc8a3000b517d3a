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

    /// <summary>Starts of navigation and footer lines around the body (after leading bullets); page controls are in <see cref="ControlStarts"/>.</summary>
    private static readonly string[] ChromeStarts = ["上一条", "下一条", "上一篇", "下一篇", "与我们联系", "copyright", "版权所有"];

    /// <summary>Page controls that may stand between the info line and the body (font size, print, share).</summary>
    private static readonly string[] ControlStarts =
    [
        "打印本页", "关闭窗口", "字体：", "字体:", "字号：", "字号:", "分享到", "【字体", "【字号", "【打印", "【关闭", "[打印", "[关闭",
    ];

    /// <summary>Headings of the contact block: chrome only as a heading, not as the start of a body paragraph.</summary>
    private static readonly string[] ChromeHeadings = ["联系我们", "联系方式"];

    private static readonly char[] LeadingMarks = ['«', '»', '·', '•', '●', '■', '◆', '>', '<', '|', '-', '*', ' ', '\u3000', '\u00A0', '\t'];

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

        var items = BreadcrumbSeparator().Split(text)
            .Select(item => CollapseWhitespace(item).Replace('/', '／'))
            .Where(item => item.Length > 0)
            .ToList();
        var home = items.FindIndex(item => HomeNames.Contains(item, StringComparer.Ordinal));
        return home >= 0 ? items[(home + 1)..] : items;
    }

    /// <summary>True for the info line that carries 发布时间 (or 发布日期).</summary>
    public static bool IsInfoLine(string line) => InfoLabel().IsMatch(line);

    /// <summary>
    /// True for a line or block that belongs to the chrome around the body: 上一条/下一条, the
    /// contact heading, copyright and ICP lines, print/close/font-size/share controls.
    /// </summary>
    public static bool IsChrome(string text)
    {
        var trimmed = Trim(text).TrimStart(LeadingMarks);
        if (ChromeStarts.Any(start => trimmed.StartsWith(start, StringComparison.OrdinalIgnoreCase)) || IsControl(trimmed))
        {
            return true;
        }

        var heading = trimmed.TrimEnd(':', '：', ' ', '\u3000');
        if (ChromeHeadings.Contains(heading, StringComparer.Ordinal))
        {
            return true;
        }

        // Copyright and ICP footers are short lines; a paragraph that mentions them is body text.
        return trimmed.Length < 200 &&
               (trimmed.Contains("All Rights Reserved", StringComparison.OrdinalIgnoreCase) || IcpNumber().IsMatch(trimmed));
    }

    /// <summary>True for a page control (font size, print, close, share) rather than navigation or footer.</summary>
    public static bool IsControl(string text)
    {
        var trimmed = Trim(text).TrimStart(LeadingMarks);
        return ControlStarts.Any(start => trimmed.StartsWith(start, StringComparison.Ordinal));
    }

    /// <summary>True when <paramref name="text"/> has the 发布时间 label followed by a date (however far in the future).</summary>
    public static bool HasDate(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var label = InfoLabel().Match(folded);
        return label.Success && DatePattern().IsMatch(folded[(label.Index + label.Length)..]);
    }

    /// <summary>True for a line that only names the source or author (<c>来源：今日临安</c>), which some pages put on a line of its own.</summary>
    public static bool IsSourceLine(string line) => SourceLine().IsMatch(line);

    /// <summary>The 来源 a line names, or empty.</summary>
    public static string SourceOf(string line) => ParseSource(line);

    /// <summary>True for a subtitle line such as <c>——全市领导干部会议侧记</c>.</summary>
    public static bool IsSubtitle(string line)
    {
        var trimmed = Trim(line);
        return trimmed.StartsWith("——", StringComparison.Ordinal) || trimmed.StartsWith("--", StringComparison.Ordinal) || trimmed.StartsWith('—');
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

    [GeneratedRegex(@"\s*(?:->|>|＞|»|›|→|〉)\s*|\s+[-/|]\s+")]
    private static partial Regex BreadcrumbSeparator();

    /// <summary>The label, with or without a colon when a date follows.</summary>
    [GeneratedRegex(@"发布(?:时间|日期)\s*(?:[:：]\s*|(?=[0-9０-９]))")]
    private static partial Regex InfoLabel();

    [GeneratedRegex(@"^\s*(?<y>[0-9]{4})\s*[-/.年]\s*(?<m>[0-9]{1,2})\s*[-/.月]\s*(?<d>[0-9]{1,2})\s*日?(?:(?:\s*|T)(?<H>[0-9]{1,2})\s*[:时]\s*(?<M>[0-9]{2})(?:\s*[:分]\s*(?<S>[0-9]{2}))?)?(?![0-9])")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"来\s*源\s*[:：]\s*(?<source>.*?)\s*(?=(?:\s{2}|\u3000)|[【\[|｜]|(?:作者|编辑|责任编辑|点击|浏览|阅读|字号|发布时间|发布日期)\s*[:：]|$)")]
    private static partial Regex SourcePattern();

    [GeneratedRegex(@"^\s*(?:来\s*源|作\s*者|编\s*辑|责任编辑|供\s*稿)\s*[:：]")]
    private static partial Regex SourceLine();

    [GeneratedRegex(@"ICP\s*[备证]\s*\d{6,}\s*号", RegexOptions.IgnoreCase)]
    private static partial Regex IcpNumber();
}
