namespace InvestChn.Subscribers;

/// <summary>What an admin (or a CSV row) says about one subscriber; checked by <see cref="SubscriberRules"/>.</summary>
/// <param name="Email">The address.</param>
/// <param name="Name">Display name; may be empty.</param>
/// <param name="Frequency">Daily or weekly.</param>
/// <param name="Channels">Channel slugs; empty means every channel.</param>
/// <param name="Keywords">Keywords; empty means no filter.</param>
public sealed record SubscriberInput(
    string Email,
    string Name,
    DigestFrequency Frequency,
    IReadOnlyList<string> Channels,
    IReadOnlyList<string> Keywords);
