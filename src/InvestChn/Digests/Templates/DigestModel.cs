namespace InvestChn.Digests.Templates;

/// <summary>
/// What <c>Digest.cshtml</c>, <c>DigestText.cshtml</c> and <c>_Layout.cshtml</c> receive as <c>Model</c>.
/// Every string is plain text (Razor's <c>@</c> encodes it) except <see cref="DigestArticle.BodyHtml"/>,
/// which is sanitised and may be written with <c>@Raw</c>.
/// </summary>
public sealed record DigestModel
{
    /// <summary>The site the digest comes from.</summary>
    public required DigestSite Site { get; init; }

    /// <summary>Which edition this is.</summary>
    public required DigestEdition Edition { get; init; }

    /// <summary>Who the digest is for, and why.</summary>
    public required DigestRecipient Recipient { get; init; }

    /// <summary>The message's subject line (already filled from <c>Digests:SubjectFormat</c>).</summary>
    public required string Subject { get; init; }

    /// <summary>Every article, in the order the digest lists them (by channel, newest first in each).</summary>
    public required IReadOnlyList<DigestArticle> Articles { get; init; }

    /// <summary>The articles grouped by channel, channels in the order of their newest article.</summary>
    public required IReadOnlyList<DigestSection> Sections { get; init; }

    /// <summary>One-click unsubscribe page (<c>Site:PublicUrl</c>/unsubscribe/{token}).</summary>
    public required string UnsubscribeUrl { get; init; }

    /// <summary>Page where the recipient changes frequency, channels and keywords.</summary>
    public required string PreferencesUrl { get; init; }
}
