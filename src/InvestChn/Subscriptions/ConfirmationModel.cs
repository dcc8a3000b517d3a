using InvestChn.Digests.Templates;

namespace InvestChn.Subscriptions;

/// <summary>The model of <c>Confirm.cshtml</c> and <c>ConfirmText.cshtml</c>.</summary>
public sealed class ConfirmationModel
{
    /// <summary>The site, as digests show it.</summary>
    public required DigestSite Site { get; init; }

    /// <summary>The address to confirm.</summary>
    public required string Email { get; init; }

    /// <summary>The name given (may be empty).</summary>
    public required string Name { get; init; }

    /// <summary>王丽，您好： or 您好：.</summary>
    public required string Greeting { get; init; }

    /// <summary>每日 or 每周.</summary>
    public required string Frequency { get; init; }

    /// <summary>The page with the confirm button.</summary>
    public required string ConfirmUrl { get; init; }

    /// <summary>When the link stops working, in <c>Digests:TimeZone</c>, e.g. 2026年12月1日 14:00.</summary>
    public required string ExpiresAt { get; init; }

    /// <summary>The subject line.</summary>
    public required string Subject { get; init; }
}
