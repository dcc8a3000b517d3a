using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;
using RazorLight;
using RazorLight.Caching;
using RazorLight.Compilation;
using RazorLight.Generation;
using RazorLight.Razor;

namespace InvestChn.Digests.Templates;

/// <summary>
/// Where a RazorLight engine keeps its compiled templates: in memory, and in a folder when one is
/// given, so that a process whose templates have not changed since they were last compiled loads
/// them instead of starting the C# compiler (seconds of start-up and some 100 MiB that the
/// process would keep for good).
/// </summary>
/// <remarks>
/// A stored template is named by a hash of its file's bytes, its name and the builds it was compiled
/// against (the model types' assembly and its references, RazorLight, the runtime): editing a
/// template or deploying a new build makes a new entry and the old one is removed when it is
/// replaced. Files are written whole (to a temporary name, then renamed), so processes sharing the
/// folder never read half an assembly; one that cannot be read or loaded is compiled again. The
/// folder is only ever a shortcut: when it cannot be written, templates are compiled as before.
/// </remarks>
public sealed class CompiledTemplateCache : ICachingProvider, IPrecompileCallback
{
    private const string Extension = ".dll";

    private readonly string _templates;
    private readonly string? _folder;
    private readonly string _builds;
    private readonly string _set;
    private readonly ConcurrentDictionary<string, Func<ITemplatePage>> _loaded = new(StringComparer.Ordinal);

    /// <summary>Each template's entry as its file was when first asked for, so the assembly compiled from it is stored under that name.</summary>
    private readonly ConcurrentDictionary<string, string?> _files = new(StringComparer.Ordinal);
    private readonly Lock _loading = new();
    private int _fromFolder;
    private int _stored;

    /// <param name="templateDirectory">The folder the engine reads templates from.</param>
    /// <param name="cacheDirectory">Where compiled templates are kept between processes; null or empty keeps them in memory only.</param>
    /// <param name="operatingAssembly">The assembly the templates are compiled against (the one with the model types).</param>
    public CompiledTemplateCache(string templateDirectory, string? cacheDirectory, Assembly operatingAssembly)
    {
        ArgumentNullException.ThrowIfNull(operatingAssembly);
        _templates = Path.GetFullPath(templateDirectory);
        _folder = string.IsNullOrWhiteSpace(cacheDirectory) ? null : Path.GetFullPath(cacheDirectory);
        _builds = BuildsOf(operatingAssembly);
        _set = operatingAssembly.GetName().Name + ".";
    }

    /// <summary>Templates this process loaded from the folder rather than compiled.</summary>
    public int LoadedFromFolder => Volatile.Read(ref _fromFolder);

    /// <summary>Templates this process compiled and stored in the folder.</summary>
    public int Stored => Volatile.Read(ref _stored);

    public TemplateCacheLookupResult RetrieveTemplate(string key)
    {
        var name = NameOf(key);
        if (_loaded.TryGetValue(name, out var factory) || (factory = Load(name)) is not null)
        {
            return new TemplateCacheLookupResult(new TemplateCacheItem(key, factory));
        }

        return new TemplateCacheLookupResult();
    }

    public void CacheTemplate(string key, Func<ITemplatePage> pageFactory, IChangeToken expirationToken) =>
        _loaded[NameOf(key)] = pageFactory;

    public bool Contains(string key)
    {
        var name = NameOf(key);
        return _loaded.ContainsKey(name) || (EntryOf(name) is { } file && File.Exists(file));
    }

    public void Remove(string key) => _loaded.TryRemove(NameOf(key), out _);

    /// <summary>Called by the compiler with each template's assembly: stored for the next process.</summary>
    void IPrecompileCallback.Invoke(IGeneratedRazorTemplate generatedRazorTemplate, byte[] rawAssembly, byte[] rawSymbolStore)
    {
        ArgumentNullException.ThrowIfNull(generatedRazorTemplate);
        var name = NameOf(generatedRazorTemplate.TemplateKey);
        if (EntryOf(name) is not { } file)
        {
            return;
        }

        var temporary = $"{file}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(_folder!);
            File.WriteAllBytes(temporary, rawAssembly);
            File.Move(temporary, file, overwrite: true);
            Interlocked.Increment(ref _stored);
            RemoveOthers(name, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full disk: the template is compiled again next time.
            TryDelete(temporary);
        }
    }

    /// <summary>The template's stored assembly loaded, or null when there is none (or it is unusable).</summary>
    private Func<ITemplatePage>? Load(string name)
    {
        if (EntryOf(name) is not { } file || !File.Exists(file))
        {
            return null;
        }

        lock (_loading)
        {
            if (_loaded.TryGetValue(name, out var loaded))
            {
                return loaded;
            }

            Type? type;
            try
            {
                type = Assembly.Load(File.ReadAllBytes(file)).GetCustomAttribute<RazorLightTemplateAttribute>()?.TemplateType;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
            {
                type = null;
            }

            if (type is null || !typeof(ITemplatePage).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
            {
                TryDelete(file);
                return null;
            }

            Func<ITemplatePage> factory = () => (ITemplatePage)Activator.CreateInstance(type)!;
            _loaded[name] = factory;
            Interlocked.Increment(ref _fromFolder);
            return factory;
        }
    }

    private string? EntryOf(string name) => _files.GetOrAdd(name, FileOf);

    /// <summary>The stored assembly's path for the template as its file is now; null without a folder or a file.</summary>
    private string? FileOf(string name)
    {
        if (_folder is null)
        {
            return null;
        }

        var source = Path.GetFullPath(Path.Combine(_templates, name));
        byte[] content;
        try
        {
            content = File.ReadAllBytes(source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var hash = new IncrementalHashBuilder().Add(_builds).Add(name).Add(content).Finish();
        return Path.Combine(_folder, $"{PrefixOf(name)}{hash}{Extension}");
    }

    /// <summary>Entries of the same template for other contents or builds.</summary>
    private void RemoveOthers(string name, string keep)
    {
        foreach (var other in Directory.EnumerateFiles(_folder!, PrefixOf(name) + "*" + Extension))
        {
            if (!string.Equals(other, keep, StringComparison.Ordinal) && Path.GetFileName(other).Length == Path.GetFileName(keep).Length)
            {
                TryDelete(other);
            }
        }
    }

    /// <summary>A template's name as RazorLight's keys and layouts spell it, without a leading slash, with forward slashes.</summary>
    private static string NameOf(string key) => key.Replace('\\', '/').TrimStart('/');

    /// <summary>The file-name prefix of a template's entries: the model assembly's name (each set of templates has its own), the template's name with folders flattened.</summary>
    private string PrefixOf(string name) => _set + name.Replace('/', '_') + ".";

    private static string BuildsOf(Assembly operatingAssembly)
    {
        var text = new StringBuilder("investchn-templates/1\n")
            .Append(operatingAssembly.FullName).Append(' ').Append(operatingAssembly.ManifestModule.ModuleVersionId).Append('\n')
            .Append(typeof(RazorLightEngine).Assembly.FullName).Append(' ').Append(typeof(RazorLightEngine).Assembly.ManifestModule.ModuleVersionId).Append('\n')
            .Append(Environment.Version.ToString()).Append('\n');
        foreach (var reference in operatingAssembly.GetReferencedAssemblies().Select(r => r.FullName).Order(StringComparer.Ordinal))
        {
            text.Append(reference).Append('\n');
        }

        return text.ToString();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process has it, or took it away first.
        }
    }

    /// <summary>SHA-256 over length-prefixed pieces, as 32 hex digits.</summary>
    private sealed class IncrementalHashBuilder
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public IncrementalHashBuilder Add(string text) => Add(Encoding.UTF8.GetBytes(text));

        public IncrementalHashBuilder Add(byte[] bytes)
        {
            _hash.AppendData(BitConverter.GetBytes(bytes.Length));
            _hash.AppendData(bytes);
            return this;
        }

        public string Finish()
        {
            using (_hash)
            {
                return Convert.ToHexStringLower(_hash.GetHashAndReset().AsSpan(0, 16));
            }
        }
    }
}
