using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using InvestChn.Articles;
using InvestChn.Configuration;
using InvestChn.Text;
using Microsoft.Extensions.Options;

namespace InvestChn.Feeds;

/// <summary>
/// Writes a <see cref="FeedDocument"/> as RSS 2.0, Atom 1.0 (both through
/// System.ServiceModel.Syndication) or JSON Feed 1.1. Output depends only on the document and
/// the configuration: the same store gives the same bytes.
/// </summary>
public sealed class FeedRenderer
{
    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    private const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";
    private const string HistoryNamespace = "http://purl.org/syndication/history/1.0";
    private const string Language = "zh-CN";

    /// <summary>The updated time of a feed with no articles, so that even an empty feed is deterministic.</summary>
    private static readonly DateTimeOffset EmptyFeedUpdated = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly XmlWriterSettings XmlSettings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = true,
        NewLineChars = "\n",
        Async = false,
    };

    private static readonly JsonWriterOptions JsonSettings = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly FeedsOptions _feeds;
    private readonly SiteOptions _site;
    private readonly TimeZoneInfo _zone;
    private readonly Uri _feedsBase;

    public FeedRenderer(IOptions<FeedsOptions> feeds, IOptions<SiteOptions> site, IOptions<ImportOptions> import)
    {
        _feeds = feeds.Value;
        _site = site.Value;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(import.Value.TimeZone);
        _feedsBase = new Uri(new Uri(_site.PublicUrl.TrimEnd('/') + "/"), "feeds/");
    }

    /// <summary>The public URL of a file in the feed folder.</summary>
    public Uri FeedUrl(string fileName) => new(_feedsBase, fileName);

    /// <summary>The id of an article in every format: a tag URI (RFC 4151) built from its stable id.</summary>
    public string ArticleId(Article article) => $"tag:{_feeds.TagAuthority}:article:{article.Id}";

    public byte[] Render(FeedDocument document, FeedFormat format) => format switch
    {
        FeedFormat.Rss => Xml(document, format, (feed, writer) => new Rss20FeedFormatter(feed).WriteTo(writer)),
        FeedFormat.Atom => Xml(document, format, (feed, writer) => new Atom10FeedFormatter(feed).WriteTo(writer)),
        _ => Json(document),
    };

    private byte[] Xml(FeedDocument document, FeedFormat format, Action<SyndicationFeed, XmlWriter> write)
    {
        var feed = BuildFeed(document, format);
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, XmlSettings))
        {
            write(feed, writer);
        }

        return buffer.ToArray();
    }

    private SyndicationFeed BuildFeed(FeedDocument document, FeedFormat format)
    {
        var rss = format == FeedFormat.Rss;
        var feed = new SyndicationFeed(
            XmlChars.Clean(Title(document)),
            XmlChars.Clean(Description(document.Feed)),
            _site.BaseUri)
        {
            Id = FeedId(document),
            Language = Language,
            LastUpdatedTime = Local(document.Articles.Count == 0 ? EmptyFeedUpdated : document.Articles.Max(a => a.UpdatedAt)),
        };
        feed.Authors.Add(new SyndicationPerson { Name = XmlChars.Clean(_site.Name) });
        feed.Links.Add(new SyndicationLink(FeedUrl(document.FileName(format)), "self", null, format.MediaType(), 0));
        AddPagingLinks(feed.Links, document, format);
        if (document.ArchivePage is not null)
        {
            feed.ElementExtensions.Add(new XElement(XName.Get("archive", HistoryNamespace)));
        }

        if (rss)
        {
            feed.AttributeExtensions.Add(new XmlQualifiedName("content", "http://www.w3.org/2000/xmlns/"), ContentNamespace);
            feed.AttributeExtensions.Add(new XmlQualifiedName("dc", "http://www.w3.org/2000/xmlns/"), DublinCoreNamespace);
        }

        feed.Items = document.Articles.Select(article => BuildItem(article, rss)).ToList();
        return feed;
    }

    private SyndicationItem BuildItem(Article article, bool rss)
    {
        var item = new SyndicationItem
        {
            Id = ArticleId(article),
            Title = new TextSyndicationContent(XmlChars.Clean(article.Title)),
            PublishDate = Local(article.PublishedAt),
            Summary = new TextSyndicationContent(XmlChars.Clean(Summary(article))),
        };
        item.Links.Add(SyndicationLink.CreateAlternateLink(article.Url, "text/html"));
        if (article.Channel.Length > 0)
        {
            item.Categories.Add(new SyndicationCategory(XmlChars.Clean(article.Channel)) { Label = XmlChars.Clean(string.Join(" › ", article.ChannelPath)) });
        }

        var content = XmlChars.Clean(article.BodyHtml);
        var source = XmlChars.Clean(article.Source);
        if (rss)
        {
            // Rss20FeedFormatter would write Content and LastUpdatedTime as a10: elements that RSS
            // readers ignore; content:encoded and dc:creator are what they read.
            item.ElementExtensions.Add(new XElement(XName.Get("encoded", ContentNamespace), new XCData(content)));
            if (source.Length > 0)
            {
                item.ElementExtensions.Add(new XElement(XName.Get("creator", DublinCoreNamespace), source));
            }
        }
        else
        {
            item.LastUpdatedTime = Local(article.UpdatedAt);
            item.Content = new TextSyndicationContent(content, TextSyndicationContentKind.Html);
            if (source.Length > 0)
            {
                item.Authors.Add(new SyndicationPerson { Name = source });
            }
        }

        return item;
    }

    private void AddPagingLinks(System.Collections.ObjectModel.Collection<SyndicationLink> links, FeedDocument document, FeedFormat format)
    {
        if (document.ArchivePage is not null)
        {
            links.Add(new SyndicationLink(FeedUrl(FeedDocument.FileName(document.Feed.Slug, null, format)), "current", null, format.MediaType(), 0));
        }

        if (document.PreviousArchivePage is { } previous)
        {
            links.Add(new SyndicationLink(FeedUrl(FeedDocument.FileName(document.Feed.Slug, previous, format)), "prev-archive", null, format.MediaType(), 0));
        }

        if (document.NextArchivePage is { } next)
        {
            links.Add(new SyndicationLink(FeedUrl(FeedDocument.FileName(document.Feed.Slug, next, format)), "next-archive", null, format.MediaType(), 0));
        }
    }

    private byte[] Json(FeedDocument document)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonSettings))
        {
            json.WriteStartObject();
            json.WriteString("version", "https://jsonfeed.org/version/1.1");
            json.WriteString("title", XmlChars.Clean(Title(document)));
            json.WriteString("home_page_url", _site.BaseUri.AbsoluteUri);
            json.WriteString("feed_url", FeedUrl(document.FileName(FeedFormat.Json)).AbsoluteUri);
            json.WriteString("description", XmlChars.Clean(Description(document.Feed)));
            json.WriteString("language", Language);
            if (document.PreviousArchivePage is { } previous)
            {
                // JSON Feed pages towards older items; the archive pages are exactly that.
                json.WriteString("next_url", FeedUrl(FeedDocument.FileName(document.Feed.Slug, previous, FeedFormat.Json)).AbsoluteUri);
            }

            json.WriteStartArray("authors");
            json.WriteStartObject();
            json.WriteString("name", XmlChars.Clean(_site.Name));
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("items");
            foreach (var article in document.Articles)
            {
                json.WriteStartObject();
                json.WriteString("id", ArticleId(article));
                json.WriteString("url", article.Url.AbsoluteUri);
                json.WriteString("title", XmlChars.Clean(article.Title));
                json.WriteString("content_html", XmlChars.Clean(article.BodyHtml));
                json.WriteString("summary", XmlChars.Clean(Summary(article)));
                json.WriteString("date_published", Rfc3339(article.PublishedAt));
                json.WriteString("date_modified", Rfc3339(article.UpdatedAt));
                if (article.Source.Length > 0)
                {
                    json.WriteStartArray("authors");
                    json.WriteStartObject();
                    json.WriteString("name", XmlChars.Clean(article.Source));
                    json.WriteEndObject();
                    json.WriteEndArray();
                }

                if (article.ChannelPath.Count > 0)
                {
                    json.WriteStartArray("tags");
                    json.WriteStringValue(XmlChars.Clean(article.Channel));
                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string Title(FeedDocument document) => document.ArchivePage is { } page
        ? $"{document.Feed.Title}（存档第 {page} 页）"
        : document.Feed.Title;

    private string Description(FeedDefinition feed) => feed.TopicKeywords is { } keywords
        ? $"{_site.Name}专题「{feed.TopicName}」：含关键词{string.Join("、", keywords)}的最新文章"
        : feed.Channel is null
            ? $"{_site.Name}：开发区新闻、政策法规、招商项目与投资动态的最新文章"
            : $"{_site.Name}「{feed.ChannelLabel}」栏目的最新文章";

    private string Summary(Article article) => Excerpt.Create(article.BodyText, _feeds.ExcerptLength);

    private string FeedId(FeedDocument document) => document.ArchivePage is { } page
        ? $"tag:{_feeds.TagAuthority}:feed:{document.Feed.Slug}:archive:{page}"
        : $"tag:{_feeds.TagAuthority}:feed:{document.Feed.Slug}";

    /// <summary>Whole seconds, as the XML formats write them, so one article has one time in every format.</summary>
    private string Rfc3339(DateTimeOffset instant) => Local(instant).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Times in the site's zone, so dates read +08:00 rather than UTC or a zone name.</summary>
    private DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);
}
