using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using InvestChn.Articles;
using InvestChn.Publisher.Commands;
using InvestChn.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace InvestChn.Tests.Web.Admin;

/// <summary>The worker's web application on Kestrel (127.0.0.1, a free port) with a real SQLite file, the pickup folder and, when given, an admin key.</summary>
internal sealed class AdminHost : IAsyncDisposable
{
    public const string Key = "test-admin-key-0123456789";

    /// <summary>A Quartz cron that does not fire while a test runs, so only the requests under test plan or send.</summary>
    private const string Never = "0 0 0 1 1 ? 2099";

    private AdminHost(TempDirectory directory, WebApplication app)
    {
        Directory = directory;
        App = app;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public TempDirectory Directory { get; }

    public WebApplication App { get; }

    /// <summary>A client that sends no key.</summary>
    public HttpClient Http { get; }

    public string MailDirectory => Directory.File("mail");

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<AdminHost> StartAsync(string? apiKey = Key, bool prepare = true, params string[] settings)
    {
        var directory = new TempDirectory();
        System.IO.Directory.CreateDirectory(directory.File("pages"));
        string[] args =
        [
            "--Http:Urls=http://127.0.0.1:0",
            $"--Storage:ConnectionString=Data Source={directory.File("investchn.db")}",
            $"--Feeds:OutputDirectory={directory.File("feeds")}",
            $"--Import:Directory={directory.File("pages")}",
            $"--Templates:Directory={TestPaths.Templates}",
            $"--Mail:PickupDirectory={directory.File("mail")}",
            "--Digests:MaxArticleAgeDays=0",
            $"--Import:Cron={Never}",
            $"--Feeds:Cron={Never}",
            $"--Delivery:Cron={Never}",
            $"--Digests:Daily:Cron=0 0 8 * * ?",
            .. apiKey is null ? Array.Empty<string>() : [$"--Admin:ApiKey={apiKey}"],
            .. settings,
        ];
        var app = WorkerHost.Build(new CommandHost(args));
        if (prepare)
        {
            Assert.Equal(0, await CommandHost.PrepareAsync(app.Services, CancellationToken.None));
        }

        await app.StartAsync();
        if (prepare)
        {
            await WaitForStartupEditionsAsync(app);
        }

        return new AdminHost(directory, app);
    }

    /// <summary>
    /// The worker plans the editions due now after its first import scan; wait for that, so it
    /// never plans the subscribers and articles a test adds afterwards.
    /// </summary>
    private static async Task WaitForStartupEditionsAsync(WebApplication app)
    {
        var queries = app.Services.GetRequiredService<IDeliveryQueries>();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var editions = await queries.CountByEditionAsync(10);
            if (editions.Count(e => e.Edition.PlannedAt is not null) >= 2)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the worker did not plan its start-up editions in 30 seconds");
    }

    /// <summary>A request carrying the admin key as <c>X-Api-Key</c>.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", Key);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = Request(method, path, json);
        return await Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> PostCsvAsync(string path, byte[] csv)
    {
        using var request = Request(HttpMethod.Post, path);
        request.Content = new ByteArrayContent(csv);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await Http.SendAsync(request);
    }

    /// <summary>Writes pages in the site's text layout into a folder and imports them.</summary>
    public async Task ImportPagesAsync(params (string Name, string Content)[] pages)
    {
        var folder = Directory.File("import-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        foreach (var (name, content) in pages)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, name), content, new UTF8Encoding(false));
        }

        var report = await Get<ArticleImporter>().ImportAsync([folder], null, default);
        Assert.Equal(pages.Length, report.Added);
    }

    /// <summary>Waits until the background send the API started has finished; returns its state.</summary>
    public async Task<JsonElement> WaitForDrainAsync()
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var state = await JsonAsync(await SendAsync(HttpMethod.Get, "/api/admin/deliveries/run"));
            if (!state.GetProperty("running").GetBoolean() && state.GetProperty("finishedAt").ValueKind == JsonValueKind.String)
            {
                return state;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the background send did not finish in 30 seconds");
    }

    /// <summary>The body of a successful answer.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Checks that the answer is a problem-details document with <paramref name="status"/>; returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Dispose();
    }
}
