using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using InvestChn.Digests.Templates;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;
using RazorLight;
using RazorLight.Compilation;
using RazorLight.Generation;

namespace InvestChn.Digests;

/// <summary>Renders digests from the Razor templates in <c>Templates:Directory</c>; every template is compiled before the first digest.</summary>
public sealed class DigestRenderer
{
    /// <summary>The HTML part's template (it names <c>_Layout.cshtml</c> as its layout).</summary>
    public const string HtmlTemplateName = "Digest.cshtml";

    /// <summary>The plain-text part's template.</summary>
    public const string TextTemplateName = "DigestText.cshtml";

    /// <summary>The HTML layout: header, footer.</summary>
    public const string LayoutTemplateName = "_Layout.cshtml";

    private static readonly string[] Required = [LayoutTemplateName, HtmlTemplateName, TextTemplateName];

    private readonly RazorLightEngine _engine;
    private readonly string _directory;

    public DigestRenderer(IOptions<TemplatesOptions> options)
    {
        _directory = Path.GetFullPath(options.Value.Directory);
        _engine = new RazorLightEngineBuilder()
            .UseFileSystemProject(_directory)
            .SetOperatingAssembly(typeof(DigestRenderer).Assembly)
            .UseMemoryCachingProvider()
            .Build();
    }

    /// <summary>
    /// Compiles every required template; returns the problems (file, line, message), empty when all compile.
    /// </summary>
    public async Task<IReadOnlyList<string>> CompileAllAsync()
    {
        var problems = new List<string>();
        if (!Directory.Exists(_directory))
        {
            return [$"Templates:Directory: '{_directory}' is not a folder (it must hold {string.Join(", ", Required)})"];
        }

        foreach (var name in Required)
        {
            var path = Path.Combine(_directory, name);
            if (!File.Exists(path))
            {
                problems.Add($"{path}: missing (a digest needs {string.Join(", ", Required)})");
                continue;
            }

            try
            {
                await _engine.CompileTemplateAsync(name);
            }
            catch (TemplateCompilationException e)
            {
                problems.AddRange(e.CompilationDiagnostics.Count > 0
                    ? e.CompilationDiagnostics.Select(d => Describe(path, d))
                    : e.CompilationErrors.Select(message => $"{path}: {message.TrimStart('-', ' ')}"));
            }
            catch (TemplateGenerationException e)
            {
                problems.AddRange(e.Diagnostics.Select(d =>
                    $"{path}:{(d.Span.LineIndex + 1).ToString(CultureInfo.InvariantCulture)}: {d.GetMessage(CultureInfo.InvariantCulture)}"));
            }
            catch (Exception e) when (e is InvalidOperationException or RazorLightException or IOException)
            {
                problems.Add($"{path}: {e.Message}");
            }
        }

        return problems;
    }

    /// <summary>Base64 lines carry 57 bytes as 76 characters, as MimeKit writes them.</summary>
    private const int Base64LineBytes = 57;

    /// <summary>Builders the templates render into, kept between digests: a digest is some 20,000 characters.</summary>
    private static readonly ObjectPool<StringBuilder> Builders =
        new DefaultObjectPoolProvider { MaximumRetained = 4 * Environment.ProcessorCount }.CreateStringBuilderPool(32 * 1024, 1024 * 1024);

    /// <summary>The HTML and the plain-text body of one digest.</summary>
    public async Task<(string Html, string Text)> RenderAsync(DigestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (html, text) = (Builders.Get(), Builders.Get());
        try
        {
            await RenderToAsync(model, html, text);
            return (html.ToString(), text.ToString());
        }
        finally
        {
            Builders.Return(html);
            Builders.Return(text);
        }
    }

    /// <summary>
    /// The HTML and the plain-text body of one digest as a message carries them: UTF-8, base64, in
    /// lines of 76 characters ending in CRLF. The same bytes as encoding <see cref="RenderAsync"/>'s
    /// strings, without those strings: every digest of an edition goes through here.
    /// </summary>
    public async Task<(byte[] Html, byte[] Text)> RenderBase64Async(DigestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (html, text) = (Builders.Get(), Builders.Get());
        try
        {
            await RenderToAsync(model, html, text);
            return (Base64Lines(html), Base64Lines(text));
        }
        finally
        {
            Builders.Return(html);
            Builders.Return(text);
        }
    }

    private async Task RenderToAsync(DigestModel model, StringBuilder html, StringBuilder text)
    {
        var htmlPage = await _engine.CompileTemplateAsync(HtmlTemplateName);
        var textPage = await _engine.CompileTemplateAsync(TextTemplateName);

        // Plain text is not HTML: whatever base class the template names, nothing is encoded.
        textPage.DisableEncoding = true;
        await using (var writer = new StringWriter(html, CultureInfo.CurrentCulture))
        {
            await _engine.RenderTemplateAsync(htmlPage, model, writer);
        }

        // The encoder escapes a few characters whatever it is told (U+3000, beyond U+FFFF); write them back as text.
        if (HasHexReference(html))
        {
            var restored = TemplateEncoding.RestoreText(html.ToString());
            html.Clear().Append(restored);
        }

        // The raw text goes into the HTML builder's place once the HTML is out of it.
        var raw = Builders.Get();
        try
        {
            await using (var writer = new StringWriter(raw, CultureInfo.CurrentCulture))
            {
                await _engine.RenderTemplateAsync(textPage, model, writer);
            }

            NormaliseText(raw, text);
        }
        finally
        {
            Builders.Return(raw);
        }
    }

    private static bool HasHexReference(StringBuilder html)
    {
        foreach (var chunk in html.GetChunks())
        {
            if (chunk.Span.IndexOf("&#x", StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Trims trailing spaces and runs of blank lines that template markup leaves behind: every line
    /// loses its trailing white space, a blank line never follows another nor starts the text, and
    /// the text ends with exactly one line feed.
    /// </summary>
    private static void NormaliseText(StringBuilder raw, StringBuilder output)
    {
        var text = raw.ToString();
        var lastBlank = true;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            var line = text.AsSpan(start, end - start).TrimEnd();
            if (line.Length > 0 || !lastBlank)
            {
                output.Append(line).Append('\n');
                lastBlank = line.Length == 0;
            }

            start = end + 1;
        }

        var length = output.Length;
        while (length > 0 && output[length - 1] == '\n')
        {
            length--;
        }

        output.Length = length;
        output.Append('\n');
    }

    /// <summary>The UTF-8 of <paramref name="builder"/>, base64-encoded in lines of 76 characters, each ending in CRLF.</summary>
    private static byte[] Base64Lines(StringBuilder builder)
    {
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(builder.Length));
        try
        {
            // A stateful encoder, so a surrogate pair split between two chunks is still one character.
            var encoder = Encoding.UTF8.GetEncoder();
            var length = 0;
            foreach (var chunk in builder.GetChunks())
            {
                length += encoder.GetBytes(chunk.Span, utf8.AsSpan(length), flush: false);
            }

            length += encoder.GetBytes(ReadOnlySpan<char>.Empty, utf8.AsSpan(length), flush: true);
            var input = utf8.AsSpan(0, length);
            var output = new byte[(length / Base64LineBytes * 78) + (length % Base64LineBytes > 0 ? ((length % Base64LineBytes + 2) / 3 * 4) + 2 : 0)];
            var written = 0;
            for (var offset = 0; offset < length; offset += Base64LineBytes)
            {
                Base64.EncodeToUtf8(input.Slice(offset, Math.Min(Base64LineBytes, length - offset)), output.AsSpan(written), out _, out var count);
                written += count;
                output[written++] = (byte)'\r';
                output[written++] = (byte)'\n';
            }

            return output;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    private static string Describe(string path, TemplateCompilationDiagnostic diagnostic)
    {
        // Roslyn counts lines from 0; editors from 1.
        var line = diagnostic.LineSpan is { } span ? (span.StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture) : "?";
        return $"{path}:{line}: {diagnostic.ErrorMessage}";
    }
}
