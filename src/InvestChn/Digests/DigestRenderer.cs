using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
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
        Cache = new CompiledTemplateCache(_directory, options.Value.CacheDirectory, typeof(DigestRenderer).Assembly);
        _engine = new RazorLightEngineBuilder()
            .UseFileSystemProject(_directory)
            .SetOperatingAssembly(typeof(DigestRenderer).Assembly)
            .UseCachingProvider(Cache)
            .Build();
    }

    /// <summary>The compiled templates, kept for the next process in <c>Templates:CacheDirectory</c>.</summary>
    public CompiledTemplateCache Cache { get; }

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
    private const int Base64LineChars = 76;

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
    /// strings, without those strings: every digest of an edition goes through here. Recipients
    /// who get the same articles share one rendering, filled in with each one's values (see
    /// <see cref="SlottedDigest"/>); where the templates do more with those values than write them,
    /// every digest is rendered in full.
    /// </summary>
    public async Task<(byte[] Html, byte[] Text)> RenderBase64Async(DigestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var shared = await SharedAsync(model);
        if (shared is null)
        {
            var rendered = await RenderFullBase64Async(model);
            Interlocked.Increment(ref _rendered);
            return rendered;
        }

        var filled = FillBase64(shared, model);
        Interlocked.Increment(ref _filled);
        return filled;
    }

    /// <summary>One digest rendered by running the templates, as base64 lines.</summary>
    private async Task<(byte[] Html, byte[] Text)> RenderFullBase64Async(DigestModel model)
    {
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

    /// <summary>One recipient's copy of a shared rendering, as base64 lines.</summary>
    private static (byte[] Html, byte[] Text) FillBase64(SlottedDigest shared, DigestModel model)
    {
        var (raw, text) = (Builders.Get(), Builders.Get());
        byte[]? utf8 = null;
        try
        {
            (utf8, var length) = shared.Fill(ValuesOf(model), raw);
            NormaliseText(raw, text);
            return (Base64Lines(utf8.AsSpan(0, length)), Base64Lines(text));
        }
        finally
        {
            if (utf8 is not null)
            {
                ArrayPool<byte>.Shared.Return(utf8);
            }

            Builders.Return(raw);
            Builders.Return(text);
        }
    }

    /// <summary>Digests rendered by running the templates.</summary>
    public long TemplateRenders => Interlocked.Read(ref _rendered);

    /// <summary>Digests filled in from a rendering shared with other recipients.</summary>
    public long SharedRenders => Interlocked.Read(ref _filled);

    private async Task RenderToAsync(DigestModel model, StringBuilder html, StringBuilder text)
    {
        // The raw text goes into a builder of its own, then tidied into the text builder.
        var raw = Builders.Get();
        try
        {
            await RenderRawAsync(model, html, raw);
            NormaliseText(raw, text);
        }
        finally
        {
            Builders.Return(raw);
        }
    }

    /// <summary>The HTML (over-escaped characters written back) and the text as the template writes it.</summary>
    private async Task RenderRawAsync(DigestModel model, StringBuilder html, StringBuilder text)
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

        await using (var writer = new StringWriter(text, CultureInfo.CurrentCulture))
        {
            await _engine.RenderTemplateAsync(textPage, model, writer);
        }
    }

    /// <summary>Shared renderings kept; past this many the store starts afresh.</summary>
    private const int MaxShared = 256;

    /// <summary>What the fingerprint leaves out: the recipient's values, filled in per copy.</summary>
    private static readonly HashSet<string> RecipientProperties =
        [nameof(DigestModel.Recipient), nameof(DigestModel.UnsubscribeUrl), nameof(DigestModel.PreferencesUrl)];

    private readonly ConcurrentDictionary<ModelFingerprint, SharedEntry> _shared = new();
    private long _rendered;
    private long _filled;

    /// <summary>
    /// The rendering this digest can share, or null. A digest whose articles (and everything else
    /// but the recipient's values) no other recipient has had yet is rendered in full; the second
    /// one like it makes the shared rendering that it and the rest are filled in from. The key holds
    /// everything but the recipient's own values (so the address's domain, whether there is a name,
    /// the channels and keywords, the links up to their tokens): a template may decide on those.
    /// </summary>
    private async Task<SlottedDigest?> SharedAsync(DigestModel model)
    {
        var key = KeyOf(model);
        if (key is null)
        {
            return null;
        }

        if (_shared.Count >= MaxShared && !_shared.ContainsKey(key))
        {
            _shared.Clear();
        }

        var entry = _shared.GetOrAdd(key, static (_, state) => new SharedEntry(state.Renderer, state.Model), (Renderer: this, Model: model));
        return Interlocked.Increment(ref entry.Seen) == 1 ? null : await entry.Digest.Value;
    }

    private static ModelFingerprint? KeyOf(DigestModel model)
    {
        // Everything but the recipient's own values: the rest of each of its strings is part of the key.
        var key = new ModelFingerprint();
        return key.TryAdd(model, RecipientProperties) &&
            key.TryAdd(RecipientOf(model, StandInsA)) &&
            key.TryAdd(Unsubscribe(model, key: null)) &&
            key.TryAdd(Preferences(model, key: null))
            ? key
            : null;
    }

    /// <summary>The recipient's own values, in slot order.</summary>
    private static string[] ValuesOf(DigestModel model) =>
        [LocalPartOf(model.Recipient.Email), model.Recipient.Name, LastSegmentOf(model.UnsubscribeUrl), LastSegmentOf(model.PreferencesUrl)];

    private static string LocalPartOf(string email) => email[..Math.Max(0, email.LastIndexOf('@'))];

    private static string LastSegmentOf(string url) => url[(url.LastIndexOf('/') + 1)..];

    private static string Unsubscribe(DigestModel model, string? key) => Relink(model.UnsubscribeUrl, key);

    private static string Preferences(DigestModel model, string? key) => Relink(model.PreferencesUrl, key);

    /// <summary>The link with its last segment (the token) replaced.</summary>
    private static string Relink(string url, string? segment) => url[..(url.LastIndexOf('/') + 1)] + segment;

    /// <summary>The first stand-ins of a recipient with a name (the key's).</summary>
    private static readonly string[] StandInsA = [.. Enumerable.Range(0, RecipientSlots.Count).Select(i => RecipientSlots.StandIn(i, second: false))];

    private static string[] StandInsOf(DigestModel model, bool second)
    {
        var values = new string[RecipientSlots.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = RecipientSlots.StandIn(i, second);
        }

        if (model.Recipient.Name.Length == 0)
        {
            values[RecipientSlots.Name] = string.Empty;
        }

        return values;
    }

    /// <summary>
    /// The recipient with stand-ins for its own values: the address's local part, the name (also
    /// where the greeting holds it), the address where the reason holds it.
    /// </summary>
    private static DigestRecipient RecipientOf(DigestModel model, string[] standIns)
    {
        var recipient = model.Recipient;
        var email = standIns[RecipientSlots.LocalPart] + recipient.Email[LocalPartOf(recipient.Email).Length..];
        return recipient with
        {
            Email = email,
            Name = recipient.Name.Length > 0 ? standIns[RecipientSlots.Name] : string.Empty,
            Greeting = recipient.Name.Length > 0 ? recipient.Greeting.Replace(recipient.Name, standIns[RecipientSlots.Name], StringComparison.Ordinal) : recipient.Greeting,
            Reason = recipient.Reason.Replace(recipient.Email, email, StringComparison.Ordinal),
        };
    }

    private static DigestModel WithStandIns(DigestModel model, string[] standIns) => model with
    {
        Recipient = RecipientOf(model, standIns),
        UnsubscribeUrl = Unsubscribe(model, standIns[RecipientSlots.Unsubscribe]),
        PreferencesUrl = Preferences(model, standIns[RecipientSlots.Preferences]),
    };

    /// <summary>Renders the digest twice with different stand-ins and cuts it into pieces, or null when it cannot be shared.</summary>
    private async Task<SlottedDigest?> BuildSharedAsync(DigestModel model)
    {
        var (standInsA, standInsB) = (StandInsOf(model, second: false), StandInsOf(model, second: true));
        var (htmlA, textA, htmlB, textB) = (new StringBuilder(), new StringBuilder(), new StringBuilder(), new StringBuilder());
        try
        {
            await RenderRawAsync(WithStandIns(model, standInsA), htmlA, textA);
            await RenderRawAsync(WithStandIns(model, standInsB), htmlB, textB);
        }
        catch (Exception e) when (e is RazorLightException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException or IndexOutOfRangeException)
        {
            // Templates that fail on stand-ins may still work on real values: those are rendered in full.
            return null;
        }

        return SlottedDigest.TryCreate(standInsA, standInsB, htmlA.ToString(), textA.ToString(), htmlB.ToString(), textB.ToString());
    }

    /// <summary>One kind of digest: how many asked for it, and its shared rendering once a second one does.</summary>
    private sealed class SharedEntry(DigestRenderer renderer, DigestModel model)
    {
        public int Seen;

        public readonly Lazy<Task<SlottedDigest?>> Digest = new(() => renderer.BuildSharedAsync(model));
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
        // A pooled builder holds a digest in one chunk: read it in place rather than copy it out.
        ReadOnlyMemory<char> whole = default;
        var chunks = 0;
        foreach (var chunk in raw.GetChunks())
        {
            whole = chunk;
            chunks++;
        }

        var text = chunks == 1 ? whole.Span : raw.ToString().AsSpan();
        var lastBlank = true;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text[start..].IndexOf('\n');
            end = end < 0 ? text.Length : start + end;
            var line = text[start..end].TrimEnd();
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
            return Base64Lines(utf8.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary><paramref name="utf8"/> base64-encoded in lines of 76 characters, each ending in CRLF.</summary>
    private static byte[] Base64Lines(ReadOnlySpan<byte> utf8)
    {
        // One vectorised pass over the whole text, then the lines are cut out of it.
        var encoded = ArrayPool<byte>.Shared.Rent(Base64.GetMaxEncodedToUtf8Length(utf8.Length));
        try
        {
            Base64.EncodeToUtf8(utf8, encoded, out _, out var encodedLength);
            // Every byte is written below, so the array need not be cleared first.
            var output = GC.AllocateUninitializedArray<byte>(encodedLength + ((encodedLength + Base64LineChars - 1) / Base64LineChars * 2));
            var written = 0;
            for (var offset = 0; offset < encodedLength; offset += Base64LineChars)
            {
                var line = encoded.AsSpan(offset, Math.Min(Base64LineChars, encodedLength - offset));
                line.CopyTo(output.AsSpan(written));
                written += line.Length;
                output[written++] = (byte)'\r';
                output[written++] = (byte)'\n';
            }

            return output;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(encoded);
        }
    }

    private static string Describe(string path, TemplateCompilationDiagnostic diagnostic)
    {
        // Roslyn counts lines from 0; editors from 1.
        var line = diagnostic.LineSpan is { } span ? (span.StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture) : "?";
        return $"{path}:{line}: {diagnostic.ErrorMessage}";
    }
}
