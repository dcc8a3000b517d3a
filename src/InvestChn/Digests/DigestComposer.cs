using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using InvestChn.Articles;
using InvestChn.Configuration;
using InvestChn.Digests.Templates;
using InvestChn.Subscribers;
using InvestChn.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using MimeKit.Utils;

namespace InvestChn.Digests;

/// <summary>Turns (edition, subscriber, articles) into the template model and then into a MIME message.</summary>
public sealed class DigestComposer
{
    private readonly SiteOptions _site;
    private readonly DigestsOptions _digests;
    private readonly MailOptions _mail;
    private readonly ChannelSlugs _slugs;
    private readonly DigestRenderer _renderer;
    private readonly TimeZoneInfo _zone;
    private readonly MailboxAddress _from;
    private readonly DkimSigner? _dkim;
    private readonly ConditionalWeakTable<Article, DigestArticle> _articleParts = [];
    private readonly BoundedCache<ArticleList, (IReadOnlyList<DigestSection>, IReadOnlyList<DigestArticle>)> _articleLists = new(MaxArticleLists);
    private readonly BoundedCache<(string Title, string Date, int Count, string Headline), string> _subjects = new(MaxArticleLists);
    private readonly BoundedCache<(HeaderId Id, string Value), Header> _sharedHeaders = new(MaxSharedHeaders);
    private readonly BoundedCache<(long UtcTicks, TimeSpan Offset), string> _dates = new(MaxArticleLists);

    /// <summary>The site's name up to its first space (投促中国 of 投促中国 InvestCHN).</summary>
    private readonly string _siteShortName;

    /// <summary>The site's host without "www.": the domain of the List-Id.</summary>
    private readonly string _listDomain;

    public DigestComposer(IOptions<SiteOptions> site, IOptions<DigestsOptions> digests, IOptions<MailOptions> mail, ChannelSlugs slugs, DigestRenderer renderer)
    {
        _site = site.Value;
        _digests = digests.Value;
        _mail = mail.Value;
        _slugs = slugs;
        _renderer = renderer;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(_digests.TimeZone);
        _from = MailboxAddress.Parse(_mail.From);
        _siteShortName = _site.Name.Split(' ', 2)[0];
        var host = new Uri(_site.BaseUrl).Host;
        _listDomain = host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;
        var dkim = _mail.Dkim;
        if (dkim.Enabled)
        {
            _dkim = new DkimSigner(dkim.PrivateKeyFile, dkim.Domain, dkim.Selector)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                AgentOrUserIdentifier = "@" + dkim.Domain,
            };
        }
    }

    /// <summary>The headers DKIM signs: the ones a recipient trusts and acts on.</summary>
    private static readonly HeaderId[] SignedHeaders =
    [
        HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId, HeaderId.ListUnsubscribe,
        HeaderId.ListUnsubscribePost, HeaderId.ListId, HeaderId.MimeVersion, HeaderId.ContentType,
    ];

    /// <summary>The domain of <c>Mail:From</c>, which also names Message-IDs.</summary>
    public string MailDomain => _from.Domain;

    /// <summary>True when one-click unsubscribe links are https, as RFC 8058 requires.</summary>
    public bool UnsubscribeIsHttps => _site.PublicUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Message-ID every (re)send of one subscriber's digest of one edition carries (without angle brackets).</summary>
    public static string MessageIdFor(DigestFrequency frequency, DateTimeOffset scheduledAt, long subscriberId, string domain) =>
        string.Create(CultureInfo.InvariantCulture, $"{Names.Of(frequency)}.{scheduledAt.UtcDateTime:yyyyMMdd'T'HHmm'Z'}.{subscriberId}.digest@{domain}");

    /// <summary>
    /// The template model of one digest; <paramref name="articles"/> newest first, those in
    /// <paramref name="updated"/> (import sequences) marked as sent before and changed since.
    /// </summary>
    public DigestModel CreateModel(DigestFrequency frequency, DateTimeOffset scheduledAt, Subscriber subscriber, IReadOnlyList<Article> articles, IReadOnlySet<long>? updated = null)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(articles);
        var local = TimeZoneInfo.ConvertTime(scheduledAt, _zone);
        var edition = new DigestEdition
        {
            Frequency = Names.Of(frequency),
            Title = frequency == DigestFrequency.Daily ? "每日要闻" : "每周要闻",
            Date = local.ToString("yyyy年M月d日", CultureInfo.InvariantCulture),
            ScheduledAt = local,
        };

        var (sections, listed) = ArticlePartsOf(articles, updated);

        var channelNames = subscriber.Channels.Select(slug => _slugs.PathOf(slug, articles.Select(a => a.Channel).ToList()) is { } path ? Label(path) : slug).ToList();
        var token = Uri.EscapeDataString(subscriber.Token);
        var publicUrl = _site.PublicUrl.TrimEnd('/');
        return new DigestModel
        {
            Site = new DigestSite { Name = _site.Name, Url = _site.BaseUrl, FeedsUrl = publicUrl + "/feeds/" },
            Edition = edition,
            Recipient = new DigestRecipient
            {
                Email = subscriber.Email,
                Name = subscriber.Name,
                Greeting = subscriber.Name.Length > 0 ? $"{subscriber.Name}，您好：" : "您好：",
                Channels = channelNames,
                Keywords = subscriber.Keywords,
                Reason = $"您收到这封邮件，是因为 {subscriber.Email} 订阅了{_siteShortName}的{edition.Title}" +
                    (channelNames.Count > 0 ? $"（频道：{string.Join("、", channelNames)}）" : string.Empty) +
                    (subscriber.Keywords.Count > 0 ? $"（关键词：{string.Join("、", subscriber.Keywords)}）" : string.Empty) + "。",
            },
            Subject = SubjectOf(edition, listed),
            Articles = listed,
            Sections = sections,
            UnsubscribeUrl = $"{publicUrl}/unsubscribe/{token}",
            PreferencesUrl = $"{publicUrl}/preferences/{token}",
        };
    }

    /// <summary>
    /// The subject line: the same for every recipient of the same articles in an edition, so it is
    /// filled in once for them (and is then the same string, which the headers' encoding reuses).
    /// </summary>
    private string SubjectOf(DigestEdition edition, IReadOnlyList<DigestArticle> listed)
    {
        var key = (edition.Title, edition.Date, listed.Count, Headline: listed.Count > 0 ? listed[0].Title : string.Empty);
        return _subjects.GetOrAdd(key, k => SubjectLine.Format(_digests.SubjectFormat, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["site"] = _site.Name,
            ["edition"] = k.Title,
            ["date"] = k.Date,
            ["count"] = k.Count.ToString(CultureInfo.InvariantCulture),
            ["headline"] = k.Headline,
        }));
    }

    /// <summary>Article lists kept; past this many the store starts afresh.</summary>
    private const int MaxArticleLists = 256;

    /// <summary>
    /// The sections and the numbered articles of one list of articles. Every recipient of the same
    /// articles gets the same (read-only) objects, so whatever compares their digests compares
    /// references rather than texts.
    /// </summary>
    private (IReadOnlyList<DigestSection> Sections, IReadOnlyList<DigestArticle> Listed) ArticlePartsOf(IReadOnlyList<Article> articles, IReadOnlySet<long>? updated)
    {
        var key = new ArticleList([.. articles], [.. articles.Select(a => updated?.Contains(a.Sequence) == true)]);
        return _articleLists.GetOrAdd(key, _ =>
        {
            // Channels in the order of their newest article; within each, newest first.
            var number = 0;
            var sections = articles
                .GroupBy(a => a.Channel, StringComparer.Ordinal)
                .Select(g => (Channel: g.Key, Articles: g.ToList()))
                .ToList()
                .Select(g => new DigestSection
                {
                    Channel = Label(g.Channel),
                    Slug = g.Channel.Length == 0 ? string.Empty : _slugs.For(g.Channel),
                    Articles = g.Articles.Select(a => ToArticle(a, ++number, updated?.Contains(a.Sequence) == true)).ToList().AsReadOnly(),
                })
                .ToList()
                .AsReadOnly();
            return (sections, sections.SelectMany(s => s.Articles).ToList().AsReadOnly());
        });
    }

    /// <summary>A list of articles, each marked updated or not, compared by the article objects it holds, in order.</summary>
    private sealed class ArticleList(Article[] articles, bool[] updated) : IEquatable<ArticleList>
    {
        private readonly int _hash = articles.Zip(updated).Aggregate(articles.Length, (hash, a) => HashCode.Combine(hash, RuntimeHelpers.GetHashCode(a.First), a.Second));

        public bool Equals(ArticleList? other) =>
            other is not null && other._hash == _hash &&
            articles.AsSpan().SequenceEqual(other.Articles, ReferenceEqualityComparer.Instance) &&
            updated.AsSpan().SequenceEqual(other.Updated);

        private Article[] Articles => articles;

        private bool[] Updated => updated;

        public override bool Equals(object? obj) => Equals(obj as ArticleList);

        public override int GetHashCode() => _hash;
    }

    /// <summary>
    /// The message: multipart/alternative (plain text, then HTML), UTF-8, one-click unsubscribe
    /// headers, DKIM-signed when configured. The caller gives a Message-ID and a Date that every
    /// resend repeats, so the same digest is the same bytes.
    /// </summary>
    public async Task<MimeMessage> ComposeAsync(DigestModel model, string messageId, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (html, text) = await _renderer.RenderBase64Async(model);
        // Without the headers the parameterless constructor makes up (a Message-ID from the host
        // name, the current time) only to have them replaced here.
        var message = new MimeMessage((IEnumerable<Header>)NoHeaders);
        // A mailbox of its own: an address list subscribes to its addresses' change events, so one
        // shared From mailbox would keep every message ever composed alive.
        message.From.Add(new MailboxAddress(_from.Encoding, _from.Name, _from.Address));
        var headers = message.Headers;
        AddShared(headers, HeaderId.Date, DateHeaderValue(date));
        AddShared(headers, HeaderId.Subject, model.Subject);
        message.MessageId = messageId;
        message.To.Add(new MailboxAddress(model.Recipient.Name, model.Recipient.Email));
        AddShared(headers, HeaderId.ListId, $"{_siteShortName} {model.Edition.Title} <{model.Edition.Frequency}.digest.{_listDomain}>");
        headers.Add(HeaderId.ListUnsubscribe, $"<{model.UnsubscribeUrl}>, <mailto:{_from.Address}?subject=unsubscribe%20{Uri.EscapeDataString(TokenOf(model.UnsubscribeUrl))}>");
        AddShared(headers, HeaderId.ListUnsubscribePost, "List-Unsubscribe=One-Click");
        AddShared(headers, HeaderId.Precedence, "bulk");

        var alternative = new MultipartAlternative
        {
            Part(text, "plain"),
            Part(html, "html"),
        };

        // A boundary from the Message-ID, so the same digest is the same bytes every time.
        alternative.Boundary = BoundaryFor(messageId);
        message.Body = alternative;
        message.Prepare(EncodingConstraint.SevenBit);
        _dkim?.Sign(message, SignedHeaders);
        return message;
    }

    private static readonly Header[] NoHeaders = [];

    /// <summary>The Date header's text (every digest of an edition carries the edition's), keyed by instant and offset.</summary>
    private string DateHeaderValue(DateTimeOffset date) =>
        _dates.GetOrAdd((date.UtcTicks, date.Offset), _ => DateUtils.FormatDate(date));

    /// <summary>Distinct shared header values kept; past this many the store starts afresh.</summary>
    private const int MaxSharedHeaders = 1024;

    /// <summary>
    /// Adds a header whose value every digest of an edition repeats (its subject, date, list): it is
    /// encoded and folded once, and each message gets a copy of those bytes.
    /// </summary>
    private void AddShared(HeaderList headers, HeaderId id, string value) =>
        headers.Add(_sharedHeaders.GetOrAdd((id, value), static key => new Header(Encoding.UTF8, key.Id, key.Value)).Clone());

    /// <summary>
    /// A boundary that only the Message-ID decides: two 64-bit FNV-1a hashes of it, 32 hex digits
    /// after "=_" (a pair base64 bodies never hold). It needs to be unpredictable to no one, only
    /// fixed per message and absent from the parts, so a cryptographic hash would be wasted on it.
    /// </summary>
    internal static string BoundaryFor(string messageId)
    {
        const ulong prime = 0x100000001b3;
        var (first, second) = (0xcbf29ce484222325UL, 0x84222325cbf29ce4UL);
        foreach (var c in messageId)
        {
            first = (first ^ c) * prime;
            second = (second ^ (uint)(c + 0x9e37)) * prime;
        }

        return string.Create(CultureInfo.InvariantCulture, $"=_{first:x16}{second:x16}");
    }

    /// <summary>A UTF-8 text part whose content is already base64 (so it is written as it is, not encoded again).</summary>
    private static EncodedTextPart Part(byte[] base64, string subtype) => new(subtype, base64);

    private static string TokenOf(string unsubscribeUrl) => Uri.UnescapeDataString(unsubscribeUrl[(unsubscribeUrl.LastIndexOf('/') + 1)..]);

    private DigestArticle ToArticle(Article article, int number, bool updated)
    {
        // Every digest of an edition lists the same few articles: their fields (the excerpt above
        // all) are worked out once per article object, for as long as the caller keeps it.
        var parts = _articleParts.GetValue(article, a => new DigestArticle
        {
            Number = 0,
            Title = a.Title,
            Url = a.Url.AbsoluteUri,
            Date = a.PublishedDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            PublishedAt = TimeZoneInfo.ConvertTime(a.PublishedAt, _zone),
            Source = a.Source,
            Channel = Label(a.Channel),
            Excerpt = Excerpt.Create(a.BodyText, _digests.ExcerptLength),
            BodyHtml = a.BodyHtml,
        });
        return new DigestArticle
        {
            Number = number,
            Title = parts.Title,
            Url = parts.Url,
            Date = parts.Date,
            PublishedAt = parts.PublishedAt,
            Source = parts.Source,
            Channel = parts.Channel,
            Excerpt = parts.Excerpt,
            BodyHtml = parts.BodyHtml,
            Updated = updated,
        };
    }

    private static string Label(string channel) =>
        channel.Length == 0 ? "其他" : channel.Replace(Article.ChannelSeparator.ToString(), " › ", StringComparison.Ordinal);
}
