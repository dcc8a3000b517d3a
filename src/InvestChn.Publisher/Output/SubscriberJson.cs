using InvestChn.Subscribers;

namespace InvestChn.Publisher.Output;

/// <summary>A subscriber as <c>--json</c> prints it (the token is left out: it is the key to their unsubscribe link).</summary>
internal sealed record SubscriberJson(
    long Id,
    string Email,
    string Name,
    string Status,
    string Frequency,
    IReadOnlyList<string> Channels,
    IReadOnlyList<string> Keywords,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ConfirmedAt)
{
    public static SubscriberJson From(Subscriber s) =>
        new(s.Id, s.Email, s.Name, Names.Of(s.Status), Names.Of(s.Frequency), s.Channels, s.Keywords, s.CreatedAt, s.ConfirmedAt);
}
