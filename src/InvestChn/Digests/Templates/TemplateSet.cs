using System.Globalization;
using RazorLight;
using RazorLight.Compilation;
using RazorLight.Generation;

namespace InvestChn.Digests.Templates;

/// <summary>
/// Named Razor templates of one folder with their own RazorLight engine: compiled all at once at
/// start (problems as <c>file:line: message</c>) and rendered to strings. The digest renderer keeps
/// its own engine for the hot path; confirmation emails and pages use this.
/// </summary>
public sealed class TemplateSet
{
    private readonly RazorLightEngine _engine;
    private readonly string _directory;
    private readonly IReadOnlyList<string> _required;

    /// <param name="directory">The folder of the templates.</param>
    /// <param name="required">Template file names, relative to the folder, that must exist and compile.</param>
    /// <param name="operatingAssembly">The assembly whose references the templates compile against (the one with the model types).</param>
    /// <param name="cacheDirectory">Where compiled templates are kept for the next process (<c>Templates:CacheDirectory</c>); empty for none.</param>
    public TemplateSet(string directory, IReadOnlyList<string> required, System.Reflection.Assembly operatingAssembly, string? cacheDirectory)
    {
        _directory = Path.GetFullPath(directory);
        _required = required;
        _engine = new RazorLightEngineBuilder()
            .UseFileSystemProject(_directory)
            .SetOperatingAssembly(operatingAssembly)
            .UseCachingProvider(new CompiledTemplateCache(_directory, cacheDirectory, operatingAssembly))
            .Build();
    }

    /// <summary>Compiles every required template; the problems, empty when all compile.</summary>
    public async Task<IReadOnlyList<string>> CompileAllAsync()
    {
        var problems = new List<string>();
        if (!Directory.Exists(_directory))
        {
            return [$"Templates:Directory: '{_directory}' is not a folder (it must hold {string.Join(", ", _required)})"];
        }

        foreach (var name in _required)
        {
            var path = Path.Combine(_directory, name);
            if (!File.Exists(path))
            {
                problems.Add($"{path}: missing");
                continue;
            }

            try
            {
                await _engine.CompileTemplateAsync(name);
            }
            catch (TemplateCompilationException e)
            {
                problems.AddRange(e.CompilationDiagnostics.Count > 0
                    ? e.CompilationDiagnostics.Select(d =>
                        $"{path}:{(d.LineSpan is { } span ? (span.StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture) : "?")}: {d.ErrorMessage}")
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

    /// <summary>Renders <paramref name="name"/> with <paramref name="model"/>; HTML (<paramref name="html"/>) gets Chinese written as characters.</summary>
    public async Task<string> RenderAsync<TModel>(string name, TModel model, bool html = true)
    {
        var page = await _engine.CompileTemplateAsync(name);
        // Plain text is not HTML: whatever base class the template names, nothing is encoded.
        page.DisableEncoding = !html;
        var text = await _engine.RenderTemplateAsync(page, model);
        // The encoder escapes a few characters whatever it is told (U+3000, beyond U+FFFF); write them back as text.
        return html && text.Contains("&#x", StringComparison.Ordinal) ? TemplateEncoding.RestoreText(text) : text;
    }
}
