namespace InvestChn.Subscribers;

/// <summary>A digest subscriber as the store keeps it.</summary>
/// <param name="Id">Store id; logs name subscribers by it, never by address.</param>
/// <param name="Email">The address as it was given (unique case-insensitively).</param>
/// <param name="Name">Display name; may be empty.</param>
/// <param name="Status">Only active subscribers receive digests.</param>
/// <param name="Frequency">Which editions the subscriber receives.</param>
/// <param name="Channels">Channel slugs (a section's slug covers its sub-channels); empty means every channel.</param>
/// <param name="Keywords">Words of which one must occur in an article's title or body; empty means no filter.</param>
/// <param name="Token">Unguessable, never-expiring token of the unsubscribe and preferences links.</param>
/// <param name="CursorSequence">Newest article import sequence already offered: the next digest starts after it.</param>
/// <param name="HardFailures">Permanent delivery failures in a row.</param>
/// <param name="CreatedAt">When the subscriber was added.</param>
/// <param name="ConfirmedAt">When the subscriber became active (null while pending).</param>
public sealed record Subscriber(
    long Id,
    string Email,
    string Name,
    SubscriberStatus Status,
    DigestFrequency Frequency,
    IReadOnlyList<string> Channels,
    IReadOnlyList<string> Keywords,
    string Token,
    long CursorSequence,
    int HardFailures,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ConfirmedAt);
