using InvestChn.Digests;
using InvestChn.Publisher.Commands;
using InvestChn.Publisher.Web.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InvestChn.Tests.Web;

/// <summary>The page and confirmation templates are checked before the worker starts, like the digest templates.</summary>
public sealed class PageTemplatesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task CompileAllAsync_ShippedPages_Compile()
    {
        var renderer = new PageRenderer(Options.Create(new TemplatesOptions { Directory = TestPaths.Templates }));

        Assert.Empty(await renderer.CompileAllAsync());
    }

    [Fact]
    public async Task CompileAllAsync_BrokenOrMissingPage_NamesFileAndLine()
    {
        var templates = CopyTemplates();
        await File.WriteAllTextAsync(Path.Combine(templates, "pages", "Subscribe.cshtml"),
            "@inherits InvestChn.Digests.Templates.HtmlTemplate<InvestChn.Publisher.Web.Pages.SubscriptionFormModel>\n<p>\n@Model.NoSuchField\n</p>\n");
        File.Delete(Path.Combine(templates, "pages", "Unsubscribe.cshtml"));
        var renderer = new PageRenderer(Options.Create(new TemplatesOptions { Directory = templates }));

        var problems = await renderer.CompileAllAsync();

        Assert.Contains(problems, p => p.StartsWith(Path.Combine(templates, "pages", "Subscribe.cshtml") + ":3: ", StringComparison.Ordinal) && p.Contains("NoSuchField", StringComparison.Ordinal));
        Assert.Contains(problems, p => p == Path.Combine(templates, "pages", "Unsubscribe.cshtml") + ": missing");
    }

    [Fact]
    public async Task Worker_BrokenConfirmationTemplate_StopsBeforeStartingWithExitCode2()
    {
        var templates = CopyTemplates();
        await File.WriteAllTextAsync(Path.Combine(templates, "ConfirmText.cshtml"), "@inherits InvestChn.Digests.Templates.TextTemplate<InvestChn.Subscriptions.ConfirmationModel>\n@Model.Nope\n");
        await using var app = WorkerHost.Build(new CommandHost(
        [
            "--Http:Urls=http://127.0.0.1:0",
            $"--Storage:ConnectionString=Data Source={_dir.File("investchn.db")}",
            $"--Templates:Directory={templates}",
        ]));
        Assert.Equal(0, await CommandHost.PrepareAsync(app.Services, CancellationToken.None));

        Assert.Equal(2, await DigestCommand.RequireTemplatesAsync(app.Services));
        Assert.NotNull(app.Services.GetService<PageRenderer>());
    }

    private string CopyTemplates()
    {
        var target = _dir.File("templates");
        foreach (var file in Directory.GetFiles(TestPaths.Templates, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(TestPaths.Templates, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }
}
