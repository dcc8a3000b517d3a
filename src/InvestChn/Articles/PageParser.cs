namespace InvestChn.Articles;

/// <summary>Reads one page file: decodes it, picks the text or HTML reader, and says why a page is rejected.</summary>
public static class PageParser
{
    /// <summary>Files larger than this are not article pages.</summary>
    public const int MaxPageBytes = 8 * 1024 * 1024;

    private static readonly string[] TextExtensions = [".txt", ".text"];

    private static readonly string[] HtmlExtensions = [".html", ".htm", ".shtml", ".xhtml"];

    /// <summary>True for file names the importer picks up when it walks a folder.</summary>
    public static bool IsPageFile(string path)
    {
        var extension = Path.GetExtension(path);
        return TextExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase) ||
               HtmlExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The rejection of a file over <see cref="MaxPageBytes"/> (callers may tell before reading it).</summary>
    public static PageParseResult TooLarge(long length) =>
        PageParseResult.Rejected($"file too large ({length:N0} bytes; a page is at most {MaxPageBytes:N0})");

    public static PageParseResult Parse(string path, ReadOnlySpan<byte> bytes, PageParseContext context)
    {
        if (!IsPageFile(path))
        {
            var extension = Path.GetExtension(path);
            return PageParseResult.Rejected($"not a page file ('{(extension.Length == 0 ? "no extension" : extension)}'; expected .txt, .htm or .html)");
        }

        if (bytes.Length == 0)
        {
            return PageParseResult.Rejected("empty file");
        }

        if (bytes.Length > MaxPageBytes)
        {
            return TooLarge(bytes.Length);
        }

        if (!PageDecoder.TryDecode(bytes, out var text, out var problem))
        {
            return PageParseResult.Rejected(problem!);
        }

        // A page saved as .txt that is really HTML is still read as HTML.
        var isHtml = HtmlExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase) || LooksLikeHtml(text);
        return isHtml ? HtmlPageParser.Parse(text, context) : TextPageParser.Parse(text, context);
    }

    private static bool LooksLikeHtml(string text)
    {
        var start = text.AsSpan().TrimStart();
        return start.StartsWith("<!doctype", StringComparison.OrdinalIgnoreCase) ||
               start.StartsWith("<html", StringComparison.OrdinalIgnoreCase) ||
               start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) ||
               start.StartsWith("<head", StringComparison.OrdinalIgnoreCase) ||
               start.StartsWith("<meta", StringComparison.OrdinalIgnoreCase) ||
               start.StartsWith("<body", StringComparison.OrdinalIgnoreCase);
    }
}
