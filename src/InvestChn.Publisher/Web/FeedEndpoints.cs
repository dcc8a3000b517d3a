using System.Globalization;
using System.Text;
using InvestChn.Articles;
using InvestChn.Configuration;
using InvestChn.Feeds;
using InvestChn.Storage;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace InvestChn.Publisher.Web;

/// <summary>
/// <c>/feeds/...</c>: the written feed files with strong ETags, Last-Modified, 304s, gzip and
/// brotli; <c>/feeds/</c>: a page listing every feed with autodiscovery links.
/// </summary>
internal static class FeedEndpoints
{
    private const string CacheControl = "public, max-age=300";

    public static void MapFeeds(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/feeds/{**name}", ["GET", "HEAD"], ServeAsync);
    }

    private static async Task ServeAsync(HttpContext context, string? name, FeedFiles files, IArticleStore store, FeedCatalog catalog, FeedRenderer renderer, IOptions<SiteOptions> site)
    {
        if (string.IsNullOrEmpty(name))
        {
            await IndexAsync(context, store, catalog, renderer, site);
            return;
        }

        var file = await files.GetAsync(name, context.RequestAborted);
        var response = context.Response;
        if (file is null)
        {
            // The answer never repeats the requested name.
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync("没有这个订阅源。所有订阅源见 /feeds/\n", context.RequestAborted);
            return;
        }

        var request = context.Request.GetTypedHeaders();
        var encoding = ChooseEncoding(request);
        var lastModified = new DateTimeOffset(file.LastWriteUtc.Ticks - (file.LastWriteUtc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var headers = response.GetTypedHeaders();
        headers.ETag = EntityTagHeaderValue.Parse(file.ETag(encoding));
        headers.LastModified = lastModified;
        response.Headers.CacheControl = CacheControl;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.ContentType = file.ContentType;

        if (NotModified(context.Request, request, file, lastModified, response))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var body = file.Encoded(encoding);
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>If-None-Match wins over If-Modified-Since, even when it names nothing we know (RFC 9110 13.2.2).</summary>
    private static bool NotModified(HttpRequest httpRequest, RequestHeaders request, FeedFile file, DateTimeOffset lastModified, HttpResponse response)
    {
        if (httpRequest.Headers.IfNoneMatch.Count > 0)
        {
            var match = (request.IfNoneMatch ?? []).FirstOrDefault(tag => tag.Equals(EntityTagHeaderValue.Any) || file.Matches(tag.ToString()));
            if (match is not null && !match.Equals(EntityTagHeaderValue.Any))
            {
                // The 304 names the representation the client holds.
                response.Headers.ETag = match.IsWeak ? match.ToString()[2..] : match.ToString();
            }

            return match is not null;
        }

        return request.IfModifiedSince is { } since && lastModified <= since;
    }

    /// <summary>The coding the client weighs highest among brotli and gzip (brotli on a tie); none when it takes neither.</summary>
    private static string? ChooseEncoding(RequestHeaders request)
    {
        string? best = null;
        var bestQuality = 0.0;
        foreach (var candidate in new[] { "br", "gzip" })
        {
            var quality = (request.AcceptEncoding ?? [])
                .Where(a => a.Value.Equals(candidate, StringComparison.OrdinalIgnoreCase))
                .Select(a => a.Quality ?? 1)
                .DefaultIfEmpty(0)
                .Max();
            if (quality > bestQuality)
            {
                best = candidate;
                bestQuality = quality;
            }
        }

        return best;
    }

    private static async Task IndexAsync(HttpContext context, IArticleStore store, FeedCatalog catalog, FeedRenderer renderer, IOptions<SiteOptions> site)
    {
        var feeds = catalog.From(await store.ListChannelsAsync(context.RequestAborted));
        var name = HtmlText.Encode(site.Value.Name);
        var page = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(name).Append(" 订阅源</title>\n");
        foreach (var feed in feeds)
        {
            page.Append(CultureInfo.InvariantCulture, $"<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{HtmlText.Encode(feed.Title)}\" href=\"{renderer.FeedUrl(feed.Slug + ".atom")}\">\n");
        }

        page.Append("<style>body{font-family:system-ui,\"PingFang SC\",\"Microsoft YaHei\",sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.7;color:#222}")
            .Append("li{margin:.4rem 0}a{color:#0b5cad}.formats a{margin-right:.6rem;font-size:.9em}</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(name).Append(" 订阅源</h1>\n")
            .Append("<p>在 RSS 阅读器（如 Feedly、Inoreader、Thunderbird、newsboat）中订阅下列地址，或导入 <a href=\"/feeds/index.opml\">index.opml</a> 一次订阅全部栏目。</p>\n<ul>\n");
        foreach (var feed in feeds)
        {
            var label = HtmlText.Encode(feed.ChannelLabel ?? "全部文章");
            page.Append("<li>").Append(label).Append(" <span class=\"formats\">");
            foreach (var format in FeedFormats.All)
            {
                var file = feed.Slug + format.Extension();
                page.Append(CultureInfo.InvariantCulture, $"<a href=\"/feeds/{file}\">{format.ToString().ToUpperInvariant()}</a>");
            }

            page.Append("</span></li>\n");
        }

        page.Append("</ul>\n</body>\n</html>\n");
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
        var bytes = Encoding.UTF8.GetBytes(page.ToString());
        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }
}
