using InvestChn.Digests;
using InvestChn.Digests.Templates;
using InvestChn.Tests.Storage;
using InvestChn.Subscribers;
using Microsoft.Extensions.Options;

namespace InvestChn.Tests.Digests;

/// <summary>
/// Compiled templates kept in <c>Templates:CacheDirectory</c>: the next renderer loads them instead of
/// compiling, renders the same bytes, and compiles again whatever changed or cannot be used.
/// </summary>
public class CompiledTemplateCacheTests
{
    private static readonly string[] DigestTemplates = [DigestRenderer.LayoutTemplateName, DigestRenderer.HtmlTemplateName, DigestRenderer.TextTemplateName];

    [Fact]
    public async Task CompileAllAsync_SecondRenderer_LoadsEveryTemplateFromTheFolderAndRendersTheSame()
    {
        await using var store = await TestStore.CreateAsync();
        using var templates = CopyOfTemplates();
        using var cache = new TempDirectory();
        var model = Model(store);

        var first = Renderer(templates.Path, cache.Path);
        Assert.Empty(await first.CompileAllAsync());
        Assert.Equal((0, 3), (first.Cache.LoadedFromFolder, first.Cache.Stored));
        Assert.Equal(3, Entries(cache.Path).Length);

        var second = Renderer(templates.Path, cache.Path);
        Assert.Empty(await second.CompileAllAsync());
        Assert.Equal((3, 0), (second.Cache.LoadedFromFolder, second.Cache.Stored));

        Assert.Equal(await first.RenderAsync(model), await second.RenderAsync(model));
        Assert.Equal(await first.RenderBase64Async(model), await second.RenderBase64Async(model), ByteParts.Instance);
    }

    [Fact]
    public async Task CompileAllAsync_EditedTemplate_IsCompiledAgainAndItsOldEntryRemoved()
    {
        await using var store = await TestStore.CreateAsync();
        using var templates = CopyOfTemplates();
        using var cache = new TempDirectory();
        Assert.Empty(await Renderer(templates.Path, cache.Path).CompileAllAsync());
        var before = Entries(cache.Path);

        var digest = templates.File(DigestRenderer.HtmlTemplateName);
        File.WriteAllText(digest, File.ReadAllText(digest).Replace("@Model.Recipient.Greeting", "@Model.Recipient.Greeting【已编辑】", StringComparison.Ordinal));
        var edited = Renderer(templates.Path, cache.Path);
        Assert.Empty(await edited.CompileAllAsync());

        Assert.Equal((2, 1), (edited.Cache.LoadedFromFolder, edited.Cache.Stored));
        Assert.Contains("【已编辑】", (await edited.RenderAsync(Model(store))).Html, StringComparison.Ordinal);
        var after = Entries(cache.Path);
        Assert.Equal(3, after.Length);
        Assert.Single(after.Except(before));
    }

    [Fact]
    public async Task CompileAllAsync_DamagedEntry_IsCompiledAgainAndReplaced()
    {
        await using var store = await TestStore.CreateAsync();
        using var templates = CopyOfTemplates();
        using var cache = new TempDirectory();
        Assert.Empty(await Renderer(templates.Path, cache.Path).CompileAllAsync());
        var entry = Entries(cache.Path).Single(e => e.Contains(DigestRenderer.HtmlTemplateName, StringComparison.Ordinal));
        File.WriteAllText(entry, "not an assembly");

        var renderer = Renderer(templates.Path, cache.Path);
        Assert.Empty(await renderer.CompileAllAsync());

        Assert.Equal((2, 1), (renderer.Cache.LoadedFromFolder, renderer.Cache.Stored));
        Assert.Contains("<html", (await renderer.RenderAsync(Model(store))).Html, StringComparison.OrdinalIgnoreCase);
        Assert.True(new FileInfo(entry).Length > 1000, "the damaged entry was not replaced");
    }

    [Fact]
    public async Task CompileAllAsync_FolderCannotBeWritten_CompilesAsWithoutOne()
    {
        await using var store = await TestStore.CreateAsync();
        using var templates = CopyOfTemplates();
        using var scratch = new TempDirectory();
        // A file where the folder should be: nothing can be stored under it.
        var blocked = scratch.File("blocked");
        File.WriteAllText(blocked, string.Empty);

        var renderer = Renderer(templates.Path, Path.Combine(blocked, "templates"));
        Assert.Empty(await renderer.CompileAllAsync());

        Assert.Equal((0, 0), (renderer.Cache.LoadedFromFolder, renderer.Cache.Stored));
        Assert.Contains("<html", (await renderer.RenderAsync(Model(store))).Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CompileAllAsync_NoFolderConfigured_StoresNothing()
    {
        using var templates = CopyOfTemplates();
        using var cache = new TempDirectory();

        var renderer = Renderer(templates.Path, string.Empty);
        Assert.Empty(await renderer.CompileAllAsync());

        Assert.Equal((0, 0), (renderer.Cache.LoadedFromFolder, renderer.Cache.Stored));
        Assert.Empty(Directory.GetFiles(cache.Path));
    }

    [Fact]
    public async Task CompileAllAsync_BrokenTemplate_IsReportedEveryTimeAndNeverStored()
    {
        using var templates = CopyOfTemplates();
        using var cache = new TempDirectory();
        var text = templates.File(DigestRenderer.TextTemplateName);
        File.WriteAllText(text, File.ReadAllText(text) + "\n@Model.NoSuchProperty\n");

        foreach (var _ in new[] { 1, 2 })
        {
            var renderer = Renderer(templates.Path, cache.Path);
            var problems = await renderer.CompileAllAsync();
            Assert.Contains(problems, p => p.Contains(DigestRenderer.TextTemplateName, StringComparison.Ordinal) && p.Contains("NoSuchProperty", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(Entries(cache.Path), e => e.Contains(DigestRenderer.TextTemplateName, StringComparison.Ordinal));
    }

    private static DigestRenderer Renderer(string templates, string cache) =>
        new(Options.Create(new TemplatesOptions { Directory = templates, CacheDirectory = cache }));

    private static string[] Entries(string cache) =>
        Directory.Exists(cache) ? Directory.GetFiles(cache, "*.dll").Order(StringComparer.Ordinal).ToArray() : [];

    private static DigestModel Model(TestStore store) => store.Composer.CreateModel(
        DigestFrequency.Daily, DigestSamples.Edition, DigestSamples.Subscriber, DigestSamples.Articles);

    private static TempDirectory CopyOfTemplates()
    {
        var directory = new TempDirectory();
        foreach (var name in DigestTemplates)
        {
            File.Copy(Path.Combine(TestPaths.Templates, name), directory.File(name));
        }

        return directory;
    }

    /// <summary>Two (HTML, text) byte pairs compared by content.</summary>
    private sealed class ByteParts : IEqualityComparer<(byte[] Html, byte[] Text)>
    {
        public static readonly ByteParts Instance = new();

        public bool Equals((byte[] Html, byte[] Text) x, (byte[] Html, byte[] Text) y) =>
            x.Html.AsSpan().SequenceEqual(y.Html) && x.Text.AsSpan().SequenceEqual(y.Text);

        public int GetHashCode((byte[] Html, byte[] Text) obj) => obj.Html.Length ^ obj.Text.Length;
    }
}
