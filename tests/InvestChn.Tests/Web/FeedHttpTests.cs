using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using InvestChn.Articles;
using InvestChn.Feeds;
using InvestChn.Publisher.Commands;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace InvestChn.Tests.Web;

/// <summary>The feeds through the worker's real HTTP pipeline: Kestrel on 127.0.0.1, a free port.</summary>
public sealed class FeedHttpTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir.File("pages"));
        foreach (var page in Directory.GetFiles(TestPaths.Fixture("FeedPages")))
        {
            File.Copy(page, Path.Combine(_dir.File("pages"), Path.GetFileName(page)));
        }

        _app = WorkerHost.Build(new CommandHost(
        [
            "--Http:Urls=http://127.0.0.1:0",
            $"--Storage:ConnectionString=Data Source={_dir.File("investchn.db")}",
            $"--Feeds:OutputDirectory={_dir.File("feeds")}",
            $"--Import:Directory={_dir.File("pages")}",
        ]));
        Assert.Equal(0, await CommandHost.PrepareAsync(_app.Services, CancellationToken.None));
        await _app.Services.GetRequiredService<ArticleImporter>().ImportAsync([_dir.File("pages")]);
        await _app.Services.GetRequiredService<FeedBuilder>().BuildAsync();
        await _app.StartAsync();
        _http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = new Uri(_app.Urls.Single()),
        };
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public void Dispose()
    {
        _http?.Dispose();
        _dir.Dispose();
    }

    private string FeedFile(string name) => Path.Combine(_dir.File("feeds"), name);

    [Theory]
    [InlineData("all.rss", "application/rss+xml; charset=utf-8")]
    [InlineData("all.atom", "application/atom+xml; charset=utf-8")]
    [InlineData("all.json", "application/feed+json; charset=utf-8")]
    [InlineData("policy-local.atom", "application/atom+xml; charset=utf-8")]
    [InlineData("index.opml", "text/x-opml; charset=utf-8")]
    [InlineData("topic/investment-promotion.rss", "application/rss+xml; charset=utf-8")]
    [InlineData("topic/investment-promotion.atom", "application/atom+xml; charset=utf-8")]
    [InlineData("topic/investment-promotion.json", "application/feed+json; charset=utf-8")]
    public async Task Get_FeedFile_ServesTheWrittenBytesWithValidators(string name, string contentType)
    {
        using var response = await _http.GetAsync(new Uri("/feeds/" + name, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Contains("max-age", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(FeedFile(name)), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("all.atom")]
    [InlineData("topic/investment-promotion.atom")]
    public async Task Get_WithItsETag_Answers304WithoutBody(string name)
    {
        using var first = await _http.GetAsync(new Uri("/feeds/" + name, UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feeds/" + name);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task Get_IfModifiedSinceLastModified_Answers304_AndAnOtherETagAnswers200()
    {
        using var first = await _http.GetAsync(new Uri("/feeds/all.rss", UriKind.Relative));
        using var since = new HttpRequestMessage(HttpMethod.Get, "/feeds/all.rss");
        since.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        using var other = new HttpRequestMessage(HttpMethod.Get, "/feeds/all.rss");
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));

        using var notModified = await _http.SendAsync(since);
        using var modified = await _http.SendAsync(other);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
    }

    [Fact]
    public async Task Head_SendsTheHeadersOfGetWithoutBody()
    {
        using var get = await _http.GetAsync(new Uri("/feeds/all.json", UriKind.Relative));
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/feeds/all.json"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Get_AcceptingCompression_SendsACompressedCopyWithItsOwnETag(string encoding)
    {
        using var identity = await _http.GetAsync(new Uri("/feeds/all.atom", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feeds/all.atom");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

        using var response = await _http.SendAsync(request);

        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.NotEqual(identity.Headers.ETag, response.Headers.ETag);
        await using var compressed = await response.Content.ReadAsStreamAsync();
        await using Stream decoder = encoding == "gzip" ? new GZipStream(compressed, CompressionMode.Decompress) : new BrotliStream(compressed, CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await decoder.CopyToAsync(plain);
        Assert.Equal(await File.ReadAllBytesAsync(FeedFile("all.atom")), plain.ToArray());
    }

    [Theory]
    [InlineData("br;q=0.1, gzip", "gzip")]
    [InlineData("gzip;q=0.5, br", "br")]
    [InlineData("gzip;q=0, br;q=0", null)]
    [InlineData("identity", null)]
    public async Task Get_AcceptEncodingWeights_AreHonoured(string acceptEncoding, string? expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feeds/all.rss");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        using var response = await _http.SendAsync(request);

        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
    }

    [Fact]
    public async Task Get_IfNoneMatchWithTheGzipTag_Answers304NamingThatTag()
    {
        using var gzip = new HttpRequestMessage(HttpMethod.Get, "/feeds/all.rss");
        gzip.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var first = await _http.SendAsync(gzip);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/feeds/all.rss");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await _http.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(first.Headers.ETag, response.Headers.ETag);
    }

    [Theory]
    [InlineData("/feeds/no-such-feed.rss")]
    [InlineData("/feeds/<script>alert(1)</script>.rss")]
    [InlineData("/feeds/..%2f..%2fappsettings.json")]
    [InlineData("/feeds/.manifest.json")]
    [InlineData("/feeds/.build.lock")]
    [InlineData("/feeds/topic/no-such-topic.atom")]
    public async Task Get_UnknownName_Is404WithoutEchoingIt(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("script", body, StringComparison.Ordinal);
        Assert.DoesNotContain("no-such-feed", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_FeedsIndex_ListsEveryFeedWithAutodiscovery()
    {
        using var response = await _http.GetAsync(new Uri("/feeds/", UriKind.Relative));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("<html lang=\"zh-CN\">", page, StringComparison.Ordinal);
        Assert.Contains("rel=\"alternate\" type=\"application/atom+xml\"", page, StringComparison.Ordinal);
        Assert.Contains("/feeds/policy-local.atom", page, StringComparison.Ordinal);
        Assert.Contains("/feeds/policy.rss", page, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Browser_FeedsIndex_ShowsEveryChannelWithItsFormats()
    {
        // Debian's Chromium, as readers' browsers see the page (.ci/run installs it with a CJK font).
        const string chromium = "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), "Chromium is missing: apt-get install chromium fonts-wqy-zenhei");
        var start = new System.Diagnostics.ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", $"--user-data-dir={_dir.File("chromium")}", "--dump-dom", new Uri(_http.BaseAddress!, "/feeds/").AbsoluteUri,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var browser = System.Diagnostics.Process.Start(start)!;
        var dom = browser.StandardOutput.ReadToEndAsync();
        _ = browser.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await browser.WaitForExitAsync(timeout.Token);

        var html = await dom;
        Assert.Contains("<title>投促中国 InvestCHN 订阅源</title>", html, StringComparison.Ordinal);
        Assert.Contains("<li>政策法规 › 地方政策 <span class=\"formats\"><a href=\"/feeds/policy-local.rss\">RSS</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/feeds/index.opml\">index.opml</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Healthz_IsOk()
    {
        Assert.Equal("ok", await _http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
    }
}
