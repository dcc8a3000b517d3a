using System.Text;

namespace InvestChn.Articles;

/// <summary>
/// Turns page bytes into text: BOMs first, then strict UTF-8, then the charset the page declares,
/// and GB18030 for everything else the site is likely to have written.
/// </summary>
public static class PageDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>How far into a page a <c>&lt;meta charset&gt;</c> is looked for, as browsers do.</summary>
    private const int PrescanBytes = 1024;

    static PageDecoder()
    {
        // The code-page encodings (GB2312/GBK/GB18030) are not in the runtime until registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Gb18030 = Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>GB18030 is a superset of GB2312 and GBK; browsers decode every GB label with it.</summary>
    public static Encoding Gb18030 { get; }

    /// <summary>Decodes <paramref name="bytes"/>, or says why they are not a text page.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out string? problem)
    {
        text = string.Empty;
        problem = null;

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return TryStrict(StrictUtf8, bytes[3..], "UTF-8", out text, out problem);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return TryStrict(new UnicodeEncoding(false, false, true), bytes[2..], "UTF-16", out text, out problem);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return TryStrict(new UnicodeEncoding(true, false, true), bytes[2..], "UTF-16", out text, out problem);
        }

        if (bytes.Contains((byte)0))
        {
            problem = "not a text page (binary content: NUL bytes)";
            return false;
        }

        // Valid UTF-8 with multi-byte sequences is almost never accidental, so it wins even over a
        // stale gb2312 declaration left in a template after the site moved to UTF-8.
        if (TryStrict(StrictUtf8, bytes, "UTF-8", out text, out _))
        {
            return CheckText(text, out problem);
        }

        var declared = FindDeclaredEncoding(bytes);
        if (declared is not null && !IsGbLabel(declared.WebName) && declared is not UTF8Encoding)
        {
            // Templates often keep a Latin charset while the text is GB: Chinese in GB18030 wins then.
            if (declared.IsSingleByte && TryStrict(Gb18030, bytes, "GB18030", out text, out _) && ContainsCjk(text))
            {
                return CheckText(text, out problem);
            }

            if (TryStrict(declared, bytes, declared.WebName, out text, out problem))
            {
                return true;
            }
        }

        if (TryStrict(Gb18030, bytes, "GB18030", out text, out problem))
        {
            return true;
        }

        // UTF-8 with a stray byte or a character cut in half is still the page; more damage than
        // that and the file is not one.
        var lenient = Encoding.UTF8.GetString(bytes);
        var damaged = lenient.Count(c => c == '\uFFFD');
        if (damaged * 200 <= lenient.Length)
        {
            text = lenient.Replace("\uFFFD", string.Empty, StringComparison.Ordinal);
            return CheckText(text, out problem);
        }

        text = string.Empty;
        problem = declared is null
            ? "not a text page (bytes are neither UTF-8 nor GB18030)"
            : $"not a text page (bytes are neither UTF-8, GB18030 nor the declared {declared.WebName})";
        return false;
    }

    private static bool ContainsCjk(string text) => text.Any(c => c is >= '\u4E00' and <= '\u9FFF');

    private static bool TryStrict(Encoding encoding, ReadOnlySpan<byte> bytes, string label, out string text, out string? problem)
    {
        try
        {
            text = encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            problem = $"not a text page (bytes are neither UTF-8 nor {label})";
            return false;
        }

        return CheckText(text, out problem);
    }

    private static bool CheckText(string text, out string? problem)
    {
        var controls = 0;
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\r' or '\n' or '\t' or '\f'))
            {
                controls++;
            }
        }

        // A few stray control characters happen in real pages; many mean the file is not text.
        if (controls > 8 && controls * 100 > text.Length)
        {
            problem = "not a text page (binary content: control characters)";
            return false;
        }

        problem = null;
        return true;
    }

    private static bool IsGbLabel(string webName) =>
        webName.Equals("gb2312", StringComparison.OrdinalIgnoreCase) ||
        webName.Equals("gbk", StringComparison.OrdinalIgnoreCase) ||
        webName.Equals("gb18030", StringComparison.OrdinalIgnoreCase) ||
        webName.Equals("x-gbk", StringComparison.OrdinalIgnoreCase);

    /// <summary>Finds <c>charset=...</c> in the first kilobyte, read as ASCII.</summary>
    internal static Encoding? FindDeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, PrescanBytes)]);
        var at = head.IndexOf("charset", StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            var i = at + "charset".Length;
            while (i < head.Length && head[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < head.Length && head[i] == '=')
            {
                i++;
                while (i < head.Length && head[i] is ' ' or '"' or '\'')
                {
                    i++;
                }

                var start = i;
                while (i < head.Length && (char.IsAsciiLetterOrDigit(head[i]) || head[i] is '-' or '_' or ':' or '.'))
                {
                    i++;
                }

                var label = head[start..i];
                if (label.Length > 0)
                {
                    return ResolveLabel(label);
                }
            }

            at = head.IndexOf("charset", i, StringComparison.OrdinalIgnoreCase);
        }

        return null;
    }

    private static Encoding? ResolveLabel(string label)
    {
        if (label.StartsWith("gb", StringComparison.OrdinalIgnoreCase) ||
            label.Equals("x-gbk", StringComparison.OrdinalIgnoreCase) ||
            label.Equals("cp936", StringComparison.OrdinalIgnoreCase))
        {
            return Gb18030;
        }

        try
        {
            return Encoding.GetEncoding(label, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
