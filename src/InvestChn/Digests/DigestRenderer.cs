using System.Globalization;
using InvestChn.Digests.Templates;
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

    /// <summary>The HTML and the plain-text body of one digest.</summary>
    public async Task<(string Html, string Text)> RenderAsync(DigestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var html = await _engine.CompileTemplateAsync(HtmlTemplateName);
        var text = await _engine.CompileTemplateAsync(TextTemplateName);

        // Plain text is not HTML: whatever base class the template names, nothing is encoded.
        text.DisableEncoding = true;
        return (TemplateEncoding.RestoreText(await _engine.RenderTemplateAsync(html, model)), NormaliseText(await _engine.RenderTemplateAsync(text, model)));
    }

    /// <summary>Trims trailing spaces and runs of blank lines that template markup leaves behind.</summary>
    private static string NormaliseText(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd());
        var result = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length == 0 && (result.Count == 0 || result[^1].Length == 0))
            {
                continue;
            }

            result.Add(line);
        }

        return string.Join("\n", result).TrimEnd() + "\n";
    }

    private static string Describe(string path, TemplateCompilationDiagnostic diagnostic)
    {
        // Roslyn counts lines from 0; editors from 1.
        var line = diagnostic.LineSpan is { } span ? (span.StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture) : "?";
        return $"{path}:{line}: {diagnostic.ErrorMessage}";
    }
}
