using InvestChn.Subscriptions;

namespace InvestChn.Publisher.Web.Pages;

/// <summary>The model of <c>Unsubscribe.cshtml</c>: the address, its channels (to drop one), and where the button posts.</summary>
public sealed class UnsubscribePageModel : PageModel
{
    /// <summary>Where the form posts (a path on this site).</summary>
    public required string Action { get; init; }

    /// <summary>The subscribed address.</summary>
    public required string Email { get; init; }

    /// <summary>The channels the subscriber chose (empty: every channel, so only "all" is offered).</summary>
    public IReadOnlyList<ChannelChoice> Channels { get; init; } = [];

    /// <summary>The subscriber's preferences page.</summary>
    public required string PreferencesUrl { get; init; }
}
