using System.Text;
using System.Xml;
using InvestChn.Configuration;
using Microsoft.Extensions.Options;

namespace InvestChn.Feeds;

/// <summary>
/// <c>index.opml</c>: every feed once, in one format (Atom), so a reader that imports it
/// subscribes to each feed exactly once.
/// </summary>
public sealed class OpmlWriter(FeedRenderer renderer, IOptions<SiteOptions> site)
{
    public const string FileName = "index.opml";

    /// <summary>The format the index lists.</summary>
    public const FeedFormat ListedFormat = FeedFormat.Atom;

    public byte[] Render(IReadOnlyList<FeedDefinition> feeds)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("opml");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteStartElement("head");
            xml.WriteElementString("title", $"{site.Value.Name} 订阅源");
            xml.WriteEndElement();
            xml.WriteStartElement("body");
            foreach (var feed in feeds)
            {
                xml.WriteStartElement("outline");
                xml.WriteAttributeString("text", feed.Title);
                xml.WriteAttributeString("title", feed.Title);
                xml.WriteAttributeString("type", "rss");
                xml.WriteAttributeString("xmlUrl", renderer.FeedUrl(feed.Slug + ListedFormat.Extension()).AbsoluteUri);
                xml.WriteAttributeString("htmlUrl", site.Value.BaseUri.AbsoluteUri);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return buffer.ToArray();
    }
}
