using System.Text;

namespace InvestChn.Text;

/// <summary>
/// Wraps plain text to a number of display columns the way Chinese typesetting does: a line may
/// break between any two ideographs, but never before closing punctuation (，。」…) nor after
/// opening punctuation (「（“); Latin words and URLs are never split.
/// </summary>
public static class TextWrap
{
    private const string NoLineStart = "，。、；：！？）」』》〉】〕”’…—·,.;:!?)]}%";
    private const string NoLineEnd = "（「『《〈【〔“‘([{";

    /// <summary>
    /// The lines of <paramref name="text"/> wrapped to <paramref name="columns"/>, each starting with
    /// <paramref name="indent"/>, joined with <c>\n</c>; paragraphs (line breaks in the text) are kept.
    /// </summary>
    public static string Wrap(string text, int columns = 72, string indent = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(indent);
        var width = Math.Max(10, columns - DisplayWidth.Of(indent));
        var output = new StringBuilder();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = new StringBuilder();
            var lineWidth = 0;
            foreach (var (unit, space) in Units(paragraph))
            {
                var unitWidth = DisplayWidth.Of(unit);
                var gap = space && lineWidth > 0 ? 1 : 0;
                if (lineWidth > 0 && lineWidth + gap + unitWidth > width)
                {
                    output.Append(indent).Append(line).Append('\n');
                    line.Clear();
                    lineWidth = 0;
                    gap = 0;
                }

                if (gap > 0)
                {
                    line.Append(' ');
                }

                line.Append(unit);
                lineWidth += gap + unitWidth;
            }

            output.Append(line.Length > 0 ? indent : string.Empty).Append(line).Append('\n');
        }

        return output.ToString(0, output.Length - 1);
    }

    /// <summary>Unbreakable pieces of a paragraph, each with whether a space came before it.</summary>
    private static List<(string Unit, bool SpaceBefore)> Units(string paragraph)
    {
        // First every ideograph alone and every run of other non-space characters together ...
        var tokens = new List<(string Text, bool SpaceBefore)>();
        var word = new StringBuilder();
        var space = false;
        foreach (var rune in paragraph.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) && rune.Value != 0x3000)
            {
                Close();
                space = tokens.Count > 0;
            }
            else if (DisplayWidth.Of(rune) == 2)
            {
                Close();
                tokens.Add((rune.ToString(), space));
                space = false;
            }
            else
            {
                word.Append(rune.ToString());
            }
        }

        Close();

        // ... then closing marks join what precedes them and opening marks what follows, across a
        // space too (a comma set off from a URL must not start the next line).
        var units = new List<(string, bool)>();
        foreach (var (text, spaceBefore) in tokens)
        {
            if (units.Count > 0 && (NoLineStart.Contains(text[0]) || NoLineEnd.Contains(units[^1].Item1[^1])))
            {
                units[^1] = (units[^1].Item1 + (spaceBefore ? " " : string.Empty) + text, units[^1].Item2);
            }
            else
            {
                units.Add((text, spaceBefore));
            }
        }

        return units;

        void Close()
        {
            if (word.Length > 0)
            {
                tokens.Add((word.ToString(), space));
                word.Clear();
                space = false;
            }
        }
    }
}
