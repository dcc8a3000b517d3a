using System.Globalization;
using InvestChn.Configuration;
using InvestChn.Digests;
using InvestChn.Digests.Templates;
using InvestChn.Subscribers;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;

namespace InvestChn.Subscriptions;

/// <summary>Builds the email that asks a new subscriber to confirm, from <c>Confirm.cshtml</c> (HTML) and <c>ConfirmText.cshtml</c> (text).</summary>
public sealed class ConfirmationComposer
{
    /// <summary>The HTML part's template.</summary>
    public const string HtmlTemplateName = "Confirm.cshtml";

    /// <summary>The plain-text part's template.</summary>
    public const string TextTemplateName = "ConfirmText.cshtml";

    private readonly SiteOptions _site;
    private readonly SubscriptionsOptions _subscriptions;
    private readonly SubscriberTokens _tokens;
    private readonly TemplateSet _templates;
    private readonly TimeZoneInfo _zone;
    private readonly MailboxAddress _from;
    private readonly DkimSigner? _dkim;

    public ConfirmationComposer(
        IOptions<SiteOptions> site,
        IOptions<MailOptions> mail,
        IOptions<DigestsOptions> digests,
        IOptions<TemplatesOptions> templates,
        IOptions<SubscriptionsOptions> subscriptions,
        SubscriberTokens tokens)
    {
        _site = site.Value;
        _subscriptions = subscriptions.Value;
        _tokens = tokens;
        _templates = new TemplateSet(templates.Value.Directory, [HtmlTemplateName, TextTemplateName], typeof(ConfirmationComposer).Assembly, templates.Value.CacheDirectory);
        _zone = TimeZoneInfo.FindSystemTimeZoneById(digests.Value.TimeZone);
        _from = MailboxAddress.Parse(mail.Value.From);
        var dkim = mail.Value.Dkim;
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

    /// <summary>The domain of <c>Mail:From</c>, which names Message-IDs.</summary>
    public string MailDomain => _from.Domain;

    /// <summary>True when a link of an email queued at <paramref name="queuedAt"/> no longer works at <paramref name="now"/> (<c>Subscriptions:ConfirmationTtl</c>).</summary>
    public bool HasExpired(DateTimeOffset queuedAt, DateTimeOffset now) => now >= queuedAt + _subscriptions.ConfirmationTtl;

    /// <summary>Compiles both templates; the problems (file, line, message), empty when both compile.</summary>
    public Task<IReadOnlyList<string>> CompileAllAsync() => _templates.CompileAllAsync();

    /// <summary>The template model of the email queued at <paramref name="queuedAt"/>.</summary>
    public async Task<ConfirmationModel> CreateModelAsync(Subscriber subscriber, DateTimeOffset queuedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var token = await _tokens.ConfirmationAsync(subscriber, queuedAt, cancellationToken);
        var publicUrl = _site.PublicUrl.TrimEnd('/');
        var expires = TimeZoneInfo.ConvertTime(queuedAt + _subscriptions.ConfirmationTtl, _zone);
        return new ConfirmationModel
        {
            Site = new DigestSite { Name = _site.Name, Url = _site.BaseUrl, FeedsUrl = publicUrl + "/feeds/" },
            Email = subscriber.Email,
            Name = subscriber.Name,
            Greeting = subscriber.Name.Length > 0 ? $"{subscriber.Name}，您好：" : "您好：",
            Frequency = subscriber.Frequency == DigestFrequency.Daily ? "每日" : "每周",
            ConfirmUrl = $"{publicUrl}/confirm/{token}",
            ExpiresAt = expires.ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture),
            Subject = $"请确认订阅{_site.Name.Split(' ', 2)[0]}资讯",
        };
    }

    /// <summary>The message; every resend of one row (same Message-ID and queue time) has the same content.</summary>
    public async Task<MimeMessage> ComposeAsync(Subscriber subscriber, string messageId, DateTimeOffset queuedAt, CancellationToken cancellationToken = default)
    {
        var model = await CreateModelAsync(subscriber, queuedAt, cancellationToken);
        var html = await _templates.RenderAsync(HtmlTemplateName, model);
        var text = await _templates.RenderAsync(TextTemplateName, model, html: false);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(_from.Encoding, _from.Name, _from.Address));
        message.To.Add(new MailboxAddress(subscriber.Name, subscriber.Email));
        message.Subject = model.Subject;
        message.Date = queuedAt;
        message.MessageId = messageId;
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new MultipartAlternative { Utf8Part("plain", text), Utf8Part("html", html) };
        message.Prepare(EncodingConstraint.SevenBit);
        _dkim?.Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId, HeaderId.MimeVersion, HeaderId.ContentType]);
        return message;
    }

    private static TextPart Utf8Part(string subtype, string content)
    {
        var part = new TextPart(subtype) { ContentTransferEncoding = ContentEncoding.Base64 };
        part.SetText(System.Text.Encoding.UTF8, content);
        return part;
    }
}
