using System.Globalization;
using System.Text;

namespace InvestChn.Text;

/// <summary>
/// Summaries of Chinese text: cut after the last sentence end (。！？；, or their ASCII forms
/// followed by a space) that fits, never inside a character or a grapheme.
/// </summary>
public static class Excerpt
{
    private const string Ellipsis = "……";

    private static readonly string[] ClosingMarks = ["”", "’", "」", "』", "）", "》", "〉", "】", "\"", "'", ")"];

    /// <summary>
    /// The longest run of whole sentences from the start of <paramref name="text"/> of at most
    /// <paramref name="maxLength"/> characters (text elements); when the first sentence is already
    /// longer, its first characters followed by an ellipsis.
    /// </summary>
    public static string Create(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 8);
        // Chinese paragraphs run on without a space; a space only between Latin letters or digits.
        var flat = JoinParagraphs(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var elements = StringInfo.GetTextElementEnumerator(flat);
        var builder = new StringBuilder();
        var count = 0;
        var lastSentenceEnd = -1;
        while (elements.MoveNext())
        {
            if (count == maxLength)
            {
                return lastSentenceEnd > 0
                    ? builder.ToString(0, lastSentenceEnd)
                    : Cut(builder, maxLength - Ellipsis.Length) + Ellipsis;
            }

            var element = elements.GetTextElement();
            builder.Append(element);
            count++;
            if (element is "。" or "！" or "？" or "；" ||
                (element is "." or "!" or "?" or ";" && NextIsSpaceOrEnd(flat, elements.ElementIndex + 1)))
            {
                lastSentenceEnd = builder.Length;
            }
            else if (lastSentenceEnd == builder.Length - element.Length && ClosingMarks.Contains(element, StringComparer.Ordinal))
            {
                // A quotation or bracket closed right after the sentence end belongs to it: 。” 。）
                lastSentenceEnd = builder.Length;
            }
        }

        return flat;
    }

    private static string JoinParagraphs(string[] paragraphs)
    {
        var builder = new StringBuilder();
        foreach (var paragraph in paragraphs)
        {
            if (builder.Length > 0 && char.IsAsciiLetterOrDigit(builder[^1]) && char.IsAsciiLetterOrDigit(paragraph[0]))
            {
                builder.Append(' ');
            }

            builder.Append(paragraph);
        }

        return builder.ToString();
    }

    private static bool NextIsSpaceOrEnd(string text, int index) => index >= text.Length || char.IsWhiteSpace(text[index]);

    /// <summary>The first <paramref name="elements"/> text elements of what was collected.</summary>
    private static string Cut(StringBuilder builder, int elements)
    {
        var text = builder.ToString();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        var end = 0;
        for (var i = 0; i < elements && enumerator.MoveNext(); i++)
        {
            end = enumerator.ElementIndex + enumerator.GetTextElement().Length;
        }

        return text[..end].TrimEnd();
    }
}
