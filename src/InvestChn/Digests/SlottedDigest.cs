using System.Buffers;
using System.Globalization;
using System.Text;
using InvestChn.Digests.Templates;
using InvestChn.Text;

namespace InvestChn.Digests;

/// <summary>
/// A digest rendered once with stand-ins for the recipient's values, cut into the text around
/// them, so each recipient's copy is the pieces with their values put back: the same characters
/// the templates would have written for that recipient, without running them again.
/// </summary>
internal sealed class SlottedDigest
{
    private readonly Piece[] _html;
    private readonly Piece[] _text;

    /// <summary>The UTF-8 bytes of the HTML's fixed text, all pieces together.</summary>
    private readonly int _htmlLiteralBytes;

    private SlottedDigest(Piece[] html, Piece[] text)
    {
        _html = html.Select(p => p.Literal is { } literal ? p with { Utf8 = Encoding.UTF8.GetBytes(literal) } : p).ToArray();
        _text = text;
        _htmlLiteralBytes = _html.Sum(p => p.Utf8?.Length ?? 0);
    }

    /// <summary>
    /// The pieces of a digest rendered twice with different stand-ins (<paramref name="htmlA"/> and
    /// <paramref name="textA"/> with the first, the B strings with the second), or null when the
    /// templates did anything to a value beyond writing it: then every copy is rendered in full.
    /// </summary>
    public static SlottedDigest? TryCreate(string[] standInsA, string[] standInsB, string htmlA, string textA, string htmlB, string textB)
    {
        var encodedA = standInsA.Select(HtmlValue).ToArray();
        var encodedB = standInsB.Select(HtmlValue).ToArray();

        // The second rendering must be the first with the other stand-ins, character for character.
        if (!Swap(htmlA, encodedA, encodedB).Equals(htmlB, StringComparison.Ordinal) ||
            !Swap(textA, standInsA, standInsB).Equals(textB, StringComparison.Ordinal))
        {
            return null;
        }

        var html = new List<Piece>();
        var text = new List<Piece>();
        return Cut(htmlA, 0, encodedA, html, allowWrap: false) == htmlA.Length && Cut(textA, 0, standInsA, text, allowWrap: true) == textA.Length
            ? new SlottedDigest([.. html], [.. text])
            : null;
    }

    /// <summary>The value as the HTML templates write it: encoded, with the characters the encoder over-escapes written back.</summary>
    public static string HtmlValue(string value)
    {
        var encoded = TemplateEncoding.Html.Encode(value);
        return encoded.Contains("&#x", StringComparison.Ordinal) ? TemplateEncoding.RestoreText(encoded) : encoded;
    }

    /// <summary>
    /// Writes one recipient's raw (not yet tidied) text into <paramref name="text"/> and returns the
    /// HTML as UTF-8: the first <c>Length</c> bytes of <c>Rented</c>, an array from
    /// <see cref="ArrayPool{T}.Shared"/> that the caller gives back. The HTML's fixed text was
    /// encoded to UTF-8 once, when it was cut.
    /// </summary>
    public (byte[] Rented, int Length) Fill(string[] values, StringBuilder text)
    {
        var encoded = new string[values.Length];
        var length = _htmlLiteralBytes;
        for (var i = 0; i < values.Length; i++)
        {
            encoded[i] = HtmlValue(values[i]);
        }

        foreach (var piece in _html)
        {
            if (piece.Utf8 is null)
            {
                length += Encoding.UTF8.GetByteCount(encoded[piece.Slot]);
            }
        }

        var html = ArrayPool<byte>.Shared.Rent(length);
        var written = 0;
        foreach (var piece in _html)
        {
            if (piece.Utf8 is { } literal)
            {
                literal.CopyTo(html, written);
                written += literal.Length;
            }
            else
            {
                written += Encoding.UTF8.GetBytes(encoded[piece.Slot], html.AsSpan(written));
            }
        }

        Write(_text, values, text);
        return (html, written);
    }

    private static void Write(Piece[] pieces, string[] values, StringBuilder output)
    {
        foreach (var piece in pieces)
        {
            if (piece.Wrap is { } wrap)
            {
                var inner = new StringBuilder();
                Write(wrap.Text, values, inner);
                output.Append(TextWrap.Wrap(inner.ToString(), wrap.Columns, wrap.Indent));
            }
            else if (piece.Literal is { } literal)
            {
                output.Append(literal);
            }
            else
            {
                output.Append(values[piece.Slot]);
            }
        }
    }

    private static string Swap(string text, string[] from, string[] to)
    {
        var builder = new StringBuilder(text);
        for (var i = 0; i < from.Length; i++)
        {
            if (from[i].Length > 0)
            {
                builder.Replace(from[i], to[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Cuts <paramref name="source"/> from <paramref name="start"/> into pieces until its end or a
    /// deferred wrap's end; returns where it stopped, or -1 when the random token turns up in a
    /// form that is not a stand-in (a template changed a value).
    /// </summary>
    private static int Cut(string source, int start, string[] standIns, List<Piece> pieces, bool allowWrap)
    {
        var position = start;
        while (position < source.Length)
        {
            var next = source.IndexOf(RecipientSlots.Nonce, position, StringComparison.Ordinal);
            if (next < 0)
            {
                pieces.Add(new Piece(source[position..], -1, null));
                return source.Length;
            }

            if (next > position)
            {
                pieces.Add(new Piece(source[position..next], -1, null));
            }

            if (source.AsSpan(next).StartsWith(RecipientSlots.WrapEnd, StringComparison.Ordinal))
            {
                return next;
            }

            if (allowWrap && source.AsSpan(next).StartsWith(RecipientSlots.WrapStart, StringComparison.Ordinal))
            {
                var end = CutWrap(source, next + RecipientSlots.WrapStart.Length, standIns, pieces);
                if (end < 0)
                {
                    return -1;
                }

                position = end + RecipientSlots.WrapEnd.Length;
                continue;
            }

            var slot = Array.FindIndex(standIns, s => s.Length > 0 && source.AsSpan(next).StartsWith(s, StringComparison.Ordinal));
            if (slot < 0)
            {
                return -1;
            }

            pieces.Add(new Piece(null, slot, null));
            position = next + standIns[slot].Length;
        }

        return position;
    }

    private static int CutWrap(string source, int start, string[] standIns, List<Piece> pieces)
    {
        // {columns},{indent length},{indent}{text}
        var comma = source.IndexOf(',', start);
        var second = comma < 0 ? -1 : source.IndexOf(',', comma + 1);
        if (second < 0 ||
            !int.TryParse(source.AsSpan(start, comma - start), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) ||
            !int.TryParse(source.AsSpan(comma + 1, second - comma - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var indentLength) ||
            second + 1 + indentLength > source.Length)
        {
            return -1;
        }

        var indent = source.Substring(second + 1, indentLength);
        var text = new List<Piece>();
        var end = Cut(source, second + 1 + indentLength, standIns, text, allowWrap: false);
        if (end < 0 || end >= source.Length || !source.AsSpan(end).StartsWith(RecipientSlots.WrapEnd, StringComparison.Ordinal))
        {
            return -1;
        }

        pieces.Add(new Piece(null, -1, new WrapPiece(columns, indent, [.. text])));
        return end;
    }

    /// <summary>Fixed text (in the HTML also as UTF-8), a recipient's value (<see cref="Slot"/>), or a wrap to do once the values are in.</summary>
    private sealed record Piece(string? Literal, int Slot, WrapPiece? Wrap)
    {
        public byte[]? Utf8 { get; init; }
    }

    private sealed record WrapPiece(int Columns, string Indent, Piece[] Text);
}
