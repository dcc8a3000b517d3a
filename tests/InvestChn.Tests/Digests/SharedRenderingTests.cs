using System.Text;
using InvestChn.Digests;
using InvestChn.Digests.Templates;
using InvestChn.Subscribers;
using InvestChn.Tests.Storage;
using Microsoft.Extensions.Options;

namespace InvestChn.Tests.Digests;

/// <summary>
/// Recipients of the same articles share one rendering filled in with their own values: every copy
/// must be exactly what rendering the templates for that recipient writes.
/// </summary>
public class SharedRenderingTests
{
    /// <summary>Names and addresses that stress encoding and wrapping: markup, quotes, rare ideographs, U+3000, a long name, none.</summary>
    private static readonly (string Email, string Name)[] Recipients =
    [
        ("wang@example.com", "王女士"),
        ("li@example.com", string.Empty),
        ("zhao@example.com", "赵\"<b>&'先生"),
        ("sun@example.com", "𡈼　孙"),
        ("a.very.long.address.for.wrapping+tag@example.com", "欧阳长长长长长长长长长长长长长长长长长长长长长长长长长长名字很长的读者"),
        ("chen@example.com", "陈 Chen"),
        ("zhou@example.org", "周"),
        ("wu@example.org", string.Empty),
    ];

    [Fact]
    public async Task RenderBase64Async_ShippedTemplates_EveryCopyEqualsItsOwnRendering()
    {
        await using var store = await TestStore.CreateAsync();
        var renderer = new DigestRenderer(Options.Create(new TemplatesOptions { Directory = TestPaths.Templates }));

        foreach (var model in Models(store))
        {
            var (html, text) = await renderer.RenderBase64Async(model);
            var (expectedHtml, expectedText) = await renderer.RenderAsync(model);

            Assert.Equal(expectedHtml, Decode(html));
            Assert.Equal(expectedText, Decode(text));
        }

        // Three recipients per (name or not, domain) past the first: those were filled in, not rendered.
        Assert.True(renderer.SharedRenders >= 2, $"shared {renderer.SharedRenders}, rendered {renderer.TemplateRenders}");
    }

    [Fact]
    public async Task RenderBase64Async_RecipientsOfOneKind_RenderTheTemplatesOnceAndFillTheRest()
    {
        await using var store = await TestStore.CreateAsync();
        var renderer = new DigestRenderer(Options.Create(new TemplatesOptions { Directory = TestPaths.Templates }));
        var models = Enumerable.Range(1, 10)
            .Select(i => store.Composer.CreateModel(
                DigestFrequency.Daily,
                DigestSamples.Edition,
                DigestSamples.Subscriber with { Id = i, Email = $"reader{i}@example.com", Name = $"读者{i}", Token = $"token{i}" },
                DigestSamples.Articles))
            .ToList();

        foreach (var model in models)
        {
            var (html, _) = await renderer.RenderBase64Async(model);
            Assert.Contains($"读者{model.Recipient.Name[2..]}，您好：", Decode(html), StringComparison.Ordinal);
            Assert.Contains($"/unsubscribe/{model.UnsubscribeUrl[(model.UnsubscribeUrl.LastIndexOf('/') + 1)..]}", Decode(html), StringComparison.Ordinal);
        }

        Assert.Equal(1, renderer.TemplateRenders);
        Assert.Equal(9, renderer.SharedRenders);
    }

    [Theory]
    [InlineData("@Model.Recipient.Name.ToUpperInvariant()", "named")]
    [InlineData("@Uri.EscapeDataString(Model.Recipient.Name)", "named")]
    [InlineData("@Raw(Model.Recipient.Name)", "named")]
    [InlineData("@Model.Recipient.Name.Length", "named")]
    [InlineData("@Model.Recipient.Email.ToLowerInvariant()", "all")]
    [InlineData("@Model.Recipient.Reason.Substring(0, 40)", "all")]
    [InlineData("@Model.Recipient.Reason.Substring(0, 3)", "none")]
    [InlineData("@Model.UnsubscribeUrl.Replace(\"/unsubscribe/\", \"/u/\")", "none")]
    [InlineData("@Model.PreferencesUrl.ToUpperInvariant()", "all")]
    public async Task RenderBase64Async_TemplateThatChangesAValue_CopiesStillEqualTheirOwnRendering(string expression, string renderedInFull)
    {
        await using var store = await TestStore.CreateAsync();
        using var templates = CopyOfTemplates(html => html.Replace("@Model.Recipient.Greeting", "@Model.Recipient.Greeting " + expression, StringComparison.Ordinal));
        var renderer = new DigestRenderer(Options.Create(new TemplatesOptions { Directory = templates.Path }));
        Assert.Empty(await renderer.CompileAllAsync());

        foreach (var model in Models(store))
        {
            var shared = renderer.SharedRenders;
            var (html, text) = await renderer.RenderBase64Async(model);
            var (expectedHtml, expectedText) = await renderer.RenderAsync(model);

            Assert.Equal(expectedHtml, Decode(html));
            Assert.Equal(expectedText, Decode(text));
            var mustRender = renderedInFull == "all" || (renderedInFull == "named" && model.Recipient.Name.Length > 0);
            if (mustRender)
            {
                // What the template does to the recipient's own value cannot be shared.
                Assert.Equal(shared, renderer.SharedRenders);
            }
        }

        // Recipients of one kind share what the template does not make their own.
        Assert.Equal(renderedInFull == "all", renderer.SharedRenders == 0);
    }

    [Fact]
    public async Task RenderBase64Async_TemplateThatBranchesOnTheDomain_EachDomainGetsItsOwnBranch()
    {
        await using var store = await TestStore.CreateAsync();
        using var templates = CopyOfTemplates(html => html.Replace(
            "@Model.Recipient.Greeting",
            "@Model.Recipient.Greeting@if (Model.Recipient.Email.EndsWith(\"@example.org\", StringComparison.Ordinal)) {<text>【ORG】</text>}",
            StringComparison.Ordinal));
        var renderer = new DigestRenderer(Options.Create(new TemplatesOptions { Directory = templates.Path }));

        foreach (var model in Models(store))
        {
            var html = Decode((await renderer.RenderBase64Async(model)).Html);

            Assert.Equal(model.Recipient.Email.EndsWith("@example.org", StringComparison.Ordinal), html.Contains("【ORG】", StringComparison.Ordinal));
        }

        Assert.True(renderer.SharedRenders > 0);
    }

    [Fact]
    public async Task RenderBase64Async_WrappedReasonOfDifferentLengths_WrapsEachRecipientsOwnText()
    {
        await using var store = await TestStore.CreateAsync();
        var renderer = new DigestRenderer(Options.Create(new TemplatesOptions { Directory = TestPaths.Templates }));
        var shortModel = Model(store, "a@example.com", "甲");
        var longModel = Model(store, "a.very.long.address.that.makes.the.reason.wrap.differently@example.com", "乙");

        foreach (var model in new[] { shortModel, shortModel with { }, longModel, longModel with { } })
        {
            var text = Decode((await renderer.RenderBase64Async(model)).Text);
            var (_, expected) = await renderer.RenderAsync(model);

            Assert.Equal(expected, text);
        }

        // The long address breaks the reason over more lines than the short one does.
        Assert.Equal(3, renderer.SharedRenders);
        var shortLines = (await renderer.RenderAsync(shortModel)).Text.Split('\n').Length;
        Assert.True((await renderer.RenderAsync(longModel)).Text.Split('\n').Length > shortLines);
    }

    private static IEnumerable<DigestModel> Models(TestStore store)
    {
        // Each recipient twice, so every kind of recipient is filled in at least once.
        foreach (var round in new[] { 0, 1 })
        {
            foreach (var (email, name) in Recipients)
            {
                yield return Model(store, email.Replace("@", round == 0 ? "@" : "1@", StringComparison.Ordinal), name);
            }
        }
    }

    private static DigestModel Model(TestStore store, string email, string name) => store.Composer.CreateModel(
        DigestFrequency.Daily,
        DigestSamples.Edition,
        DigestSamples.Subscriber with { Email = email, Name = name, Token = "tok-" + email.GetHashCode(StringComparison.Ordinal).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) },
        DigestSamples.Articles);

    private static TempDirectory CopyOfTemplates(Func<string, string> editDigest)
    {
        var directory = new TempDirectory();
        foreach (var file in Directory.GetFiles(TestPaths.Templates, "*.cshtml"))
        {
            var content = File.ReadAllText(file);
            File.WriteAllText(directory.File(Path.GetFileName(file)), Path.GetFileName(file) == DigestRenderer.HtmlTemplateName ? editDigest(content) : content);
        }

        return directory;
    }

    private static string Decode(byte[] base64Lines) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(Encoding.ASCII.GetString(base64Lines).Replace("\r\n", string.Empty, StringComparison.Ordinal)));
}
