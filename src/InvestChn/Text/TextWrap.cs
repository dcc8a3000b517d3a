using System.Text;

namespace InvestChn.Text;

/// <summary>
/// Wraps plain text to a number of display columns the way Chinese typesetting does: a line may
/// break between any two ideographs, but never before closing punctuation (，。」…) nor after
/// opening punctuation (「（“); Latin words and URLs are never split.
/// </summary>
/// <remarks>
/// Every digest's plain-text part wraps every title and excerpt, so this works on slices of the
/// text rather than on a string per character.
/// </remarks>
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

        // Slices must read as the runes do: a lone surrogate counts as U+FFFD.
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (HasLoneSurrogate(text))
        {
            text = string.Concat(text.EnumerateRunes().Select(r => r.ToString()));
        }

        var output = new StringBuilder(text.Length + (text.Length / 16) + 16);
        var units = new List<Unit>();
        var start = 0;
        while (true)
        {
            var end = text.IndexOf('\n', start);
            var paragraph = end < 0 ? text.AsSpan(start) : text.AsSpan(start, end - start);
            units.Clear();
            Split(paragraph, units);

            var lineWidth = 0;
            var lineStarted = false;
            foreach (var unit in units)
            {
                var gap = unit.SpaceBefore && lineWidth > 0 ? 1 : 0;
                if (lineWidth > 0 && lineWidth + gap + unit.Width > width)
                {
                    output.Append('\n');
                    lineStarted = false;
                    lineWidth = 0;
                    gap = 0;
                }

                if (!lineStarted)
                {
                    output.Append(indent);
                    lineStarted = true;
                }

                if (gap > 0)
                {
                    output.Append(' ');
                }

                output.Append(paragraph.Slice(unit.Start, unit.Length));
                lineWidth += gap + unit.Width;
            }

            if (end < 0)
            {
                return output.ToString();
            }

            output.Append('\n');
            start = end + 1;
        }
    }

    /// <summary>
    /// Unbreakable pieces of a paragraph, each with whether a space came before it: first every
    /// ideograph alone and every run of other non-space characters together, then closing marks
    /// joined to what precedes them and opening marks to what follows.
    /// </summary>
    private static void Split(ReadOnlySpan<char> paragraph, List<Unit> units)
    {
        var wordStart = -1;
        var wordWidth = 0;
        var space = false;
        var tokens = 0;
        var index = 0;
        foreach (var rune in paragraph.EnumerateRunes())
        {
            var length = rune.Utf16SequenceLength;
            var (runeWidth, whiteSpace) = Classify(rune);
            if (whiteSpace)
            {
                CloseWord(paragraph, units, index);
                space = tokens > 0;
            }
            else if (runeWidth == 2)
            {
                CloseWord(paragraph, units, index);
                Add(paragraph, units, new Unit(index, length, space, 2));
                tokens++;
                space = false;
            }
            else
            {
                if (wordStart < 0)
                {
                    wordStart = index;
                    wordWidth = 0;
                }

                wordWidth += runeWidth;
            }

            index += length;
        }

        CloseWord(paragraph, units, index);

        void CloseWord(ReadOnlySpan<char> paragraph, List<Unit> units, int end)
        {
            if (wordStart >= 0)
            {
                Add(paragraph, units, new Unit(wordStart, end - wordStart, space, wordWidth));
                tokens++;
                wordStart = -1;
                space = false;
            }
        }
    }

    /// <summary>
    /// Adds a token, or joins it to the unit before when no line may break between them, across a
    /// space too (a comma set off from a URL must not start the next line); the joined unit's width
    /// counts the spaces between.
    /// </summary>
    private static void Add(ReadOnlySpan<char> paragraph, List<Unit> units, Unit token)
    {
        if (units.Count > 0)
        {
            var last = units[^1];
            if (NoLineStart.Contains(paragraph[token.Start], StringComparison.Ordinal) ||
                NoLineEnd.Contains(paragraph[last.Start + last.Length - 1], StringComparison.Ordinal))
            {
                var between = token.Start - (last.Start + last.Length);
                units[^1] = last with { Length = token.Start + token.Length - last.Start, Width = last.Width + between + token.Width };
                return;
            }
        }

        units.Add(token);
    }

    /// <summary>Display width, and whether the rune separates words (the ideographic space does not); the common cases first.</summary>
    private static (int Width, bool WhiteSpace) Classify(Rune rune) => rune.Value switch
    {
        >= 0x4E00 and <= 0x9FFF => (2, false),
        0 => (0, false),
        0x20 or (>= 0x09 and <= 0x0D) => (1, true),
        < 0x80 => (1, false),
        _ => (DisplayWidth.Of(rune), Rune.IsWhiteSpace(rune) && rune.Value != 0x3000),
    };

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A slice of the paragraph that is never broken, its display width, and whether a space came before it.</summary>
    private readonly record struct Unit(int Start, int Length, bool SpaceBefore, int Width);
}
