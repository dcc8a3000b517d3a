using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using InvestChn.Articles;
using InvestChn.Delivery;
using InvestChn.Publisher.Commands;
using InvestChn.Storage;
using InvestChn.Subscribers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace InvestChn.Tests.Web;

/// <summary>
/// The worker's real web application on a free port of 127.0.0.1 with a real SQLite file, the
/// shipped templates and a pickup folder for mail; <c>Site:PublicUrl</c> is the server itself, so
/// the links in emails lead back to it.
/// </summary>
internal sealed partial class PagesHost : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly HashSet<string> _seenMail = new(StringComparer.Ordinal);
    private WebApplication _app = null!;

    private PagesHost()
    {
    }

    public Uri BaseAddress { get; private set; } = null!;

    public string MailDirectory => _dir.File("mail");

    public string DatabasePath => _dir.File("investchn.db");

    public IServiceProvider Services => _app.Services;

    public ISubscriberStore Subscribers => _app.Services.GetRequiredService<ISubscriberStore>();

    /// <summary>A started worker; <paramref name="settings"/> are command-line settings on top of the test's own.</summary>
    public static async Task<PagesHost> StartAsync(params string[] settings)
    {
        var host = new PagesHost();
        Directory.CreateDirectory(host._dir.File("pages"));
        foreach (var page in Directory.GetFiles(TestPaths.Fixture("FeedPages")))
        {
            File.Copy(page, Path.Combine(host._dir.File("pages"), Path.GetFileName(page)));
        }

        var port = FreePort();
        host.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        host._app = WorkerHost.Build(new CommandHost(
        [
            $"--Http:Urls=http://127.0.0.1:{port}",
            $"--Site:PublicUrl=http://127.0.0.1:{port}",
            $"--Storage:ConnectionString=Data Source={host.DatabasePath}",
            $"--Feeds:OutputDirectory={host._dir.File("feeds")}",
            $"--Import:Directory={host._dir.File("pages")}",
            $"--Templates:Directory={TestPaths.Templates}",
            $"--Mail:PickupDirectory={host.MailDirectory}",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ]));
        Assert.Equal(0, await CommandHost.PrepareAsync(host._app.Services, CancellationToken.None));
        Assert.Null(await DigestCommand.RequireTemplatesAsync(host._app.Services));
        await host._app.Services.GetRequiredService<ArticleImporter>().ImportAsync([host._dir.File("pages")]);
        await host._app.StartAsync();
        return host;
    }

    /// <summary>A browser-like client that keeps cookies (the antiforgery cookie among them) and never follows redirects.</summary>
    public HttpClient NewClient(bool cookies = true) =>
        new(new HttpClientHandler { UseCookies = cookies, CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    /// <summary>Delivers what is due and returns the messages written since the last call.</summary>
    public async Task<IReadOnlyList<MimeMessage>> DeliverAsync()
    {
        // The worker's own delivery schedule may hold a row at this moment: wait until nothing is due or in flight.
        var store = _app.Services.GetRequiredService<IDigestStore>();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await _app.Services.GetRequiredService<OutboxDispatcher>().DrainAsync();
            var counts = await store.CountDeliveriesAsync();
            if (counts[DeliveryStatus.Pending] + counts[DeliveryStatus.Sending] == 0)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < until, "the outbox did not empty within a minute");
            await Task.Delay(100);
        }

        var messages = new List<MimeMessage>();
        if (!Directory.Exists(MailDirectory))
        {
            return messages;
        }

        foreach (var file in Directory.GetFiles(MailDirectory, "*.eml").Order(StringComparer.Ordinal))
        {
            if (_seenMail.Add(file))
            {
                messages.Add(await MimeMessage.LoadAsync(file));
            }
        }

        return messages;
    }

    /// <summary>The path (and token) of the first link in <paramref name="message"/>'s text part that starts with <paramref name="prefix"/> on this server.</summary>
    public string LinkIn(MimeMessage message, string prefix)
    {
        var text = message.TextBody ?? throw new InvalidOperationException("no text part");
        var match = Regex.Match(text, Regex.Escape(BaseAddress.AbsoluteUri.TrimEnd('/') + prefix) + @"[A-Za-z0-9._\-]+");
        Assert.True(match.Success, $"no {prefix} link in:\n{text}");
        return new Uri(match.Value).AbsolutePath;
    }

    /// <summary>Imports copies of <paramref name="files"/> (as an import run after the worker started would).</summary>
    public async Task ImportAsync(params string[] files)
    {
        var folder = _dir.File("later-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var file in files)
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        await _app.Services.GetRequiredService<ArticleImporter>().ImportAsync([folder]);
    }

    public async Task<Subscriber> SubscriberAsync(string email) =>
        await Subscribers.FindAsync(email) ?? throw new InvalidOperationException($"no subscriber {email}");

    /// <summary>GETs a page with a form and returns the page and its antiforgery field (name, value).</summary>
    public static async Task<(string Html, KeyValuePair<string, string> Token)> GetFormAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}\n{html}");
        var match = FormToken().Match(html);
        Assert.True(match.Success, $"no antiforgery field on {path}");
        return (html, new KeyValuePair<string, string>(match.Groups[1].Value, WebUtility.HtmlDecode(match.Groups[2].Value)));
    }

    /// <summary>GETs the form at <paramref name="formPath"/>, then POSTs <paramref name="fields"/> with its antiforgery field to <paramref name="postPath"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string formPath, string postPath, params (string Name, string Value)[] fields)
    {
        var (_, token) = await GetFormAsync(client, formPath);
        return await client.PostAsync(new Uri(postPath, UriKind.Relative), new FormUrlEncodedContent([token, .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(__form)\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
