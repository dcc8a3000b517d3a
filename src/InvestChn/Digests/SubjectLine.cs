using System.Text;
using System.Text.RegularExpressions;

namespace InvestChn.Digests;

/// <summary>Fills <c>Digests:SubjectFormat</c>; the result is one line whatever the placeholders hold.</summary>
public static partial class SubjectLine
{
    private static readonly string[] Placeholders = ["site", "edition", "date", "count", "headline"];

    /// <summary>Why <paramref name="format"/> is unusable, or null.</summary>
    public static string? CheckFormat(string? format)
    {
        if (string.IsNullOrWhiteSpace(format))
        {
            return "must not be empty";
        }

        if (format.Any(char.IsControl))
        {
            return "must be one line without control characters";
        }

        foreach (Match match in PlaceholderPattern().Matches(format))
        {
            if (!Placeholders.Contains(match.Groups[1].Value, StringComparer.Ordinal))
            {
                return $"has an unknown placeholder {match.Value} (known: {{{string.Join("}, {", Placeholders)}}})";
            }
        }

        return null;
    }

    /// <summary>The subject for these values: control characters (a CR/LF in a headline) become spaces, runs of spaces one.</summary>
    public static string Format(string format, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var filled = PlaceholderPattern().Replace(format, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
        var line = new StringBuilder(filled.Length);
        foreach (var c in filled)
        {
            var space = char.IsControl(c) || char.IsWhiteSpace(c) && c != '\u3000';
            if (!space)
            {
                line.Append(c);
            }
            else if (line.Length > 0 && line[^1] != ' ')
            {
                line.Append(' ');
            }
        }

        return line.ToString().Trim();
    }

    // Any name in braces, so a misspelt one ({Date}, {date_cn}) is rejected rather than mailed as it is.
    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex PlaceholderPattern();
}
