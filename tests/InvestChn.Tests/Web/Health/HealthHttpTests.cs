using System.Net;
using InvestChn.Tests.Web.Admin;

namespace InvestChn.Tests.Web.Health;

/// <summary><c>/healthz</c> and <c>/readyz</c> through the worker's real HTTP pipeline.</summary>
public sealed class HealthHttpTests
{
    [Fact]
    public async Task Healthz_And_Readyz_WhenStoreAndTemplatesAreFine_Answer200WithoutAKey()
    {
        await using var host = await AdminHost.StartAsync();

        using var health = await host.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await host.Http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal((HttpStatusCode.OK, "ok"), (health.StatusCode, await health.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.OK, "ready\n"), (ready.StatusCode, await ready.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Readyz_TemplateThatDoesNotCompile_Answers503NamingTheFileAndLine()
    {
        using var templates = new TempDirectory();
        foreach (var file in Directory.GetFiles(TestPaths.Templates, "*.cshtml"))
        {
            File.Copy(file, templates.File(Path.GetFileName(file)));
        }

        var digest = templates.File("Digest.cshtml");
        await File.WriteAllTextAsync(digest, "@{ int broken = \"不是数字\"; }\n" + await File.ReadAllTextAsync(digest));
        await using var host = await AdminHost.StartAsync(prepare: false, settings: [$"--Templates:Directory={templates.Path}"]);

        using var health = await host.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await host.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
        var text = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("templates: Digest.cshtml:", text, StringComparison.Ordinal);
        Assert.DoesNotContain(templates.Path, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_StoreThatCannotBeOpened_Answers503NamingTheStore()
    {
        using var blocker = new TempDirectory();
        await File.WriteAllTextAsync(blocker.File("a-file"), "not a folder");
        await using var host = await AdminHost.StartAsync(prepare: false, settings: [$"--Storage:ConnectionString=Data Source={blocker.File("a-file")}/investchn.db"]);

        using var health = await host.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await host.Http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.StartsWith("not ready\nstore: ", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_StoreNotMigrated_Answers503()
    {
        await using var host = await AdminHost.StartAsync(prepare: false);

        using var ready = await host.Http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("store: ", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
