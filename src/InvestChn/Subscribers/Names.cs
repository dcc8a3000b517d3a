using System.Diagnostics.CodeAnalysis;

namespace InvestChn.Subscribers;

/// <summary>The lower-case words that stand for statuses and frequencies in the store, the CLI and CSV files.</summary>
public static class Names
{
    public static string Of(SubscriberStatus status) => status switch
    {
        SubscriberStatus.Pending => "pending",
        SubscriberStatus.Active => "active",
        SubscriberStatus.Unsubscribed => "unsubscribed",
        SubscriberStatus.Bounced => "bounced",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Of(DigestFrequency frequency) => frequency switch
    {
        DigestFrequency.Daily => "daily",
        DigestFrequency.Weekly => "weekly",
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, null),
    };

    public static bool TryParse(string? text, [NotNullWhen(true)] out SubscriberStatus? status)
    {
        status = text?.Trim().ToLowerInvariant() switch
        {
            "pending" => SubscriberStatus.Pending,
            "active" => SubscriberStatus.Active,
            "unsubscribed" => SubscriberStatus.Unsubscribed,
            "bounced" => SubscriberStatus.Bounced,
            _ => null,
        };
        return status is not null;
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out DigestFrequency? frequency)
    {
        frequency = text?.Trim().ToLowerInvariant() switch
        {
            "daily" => DigestFrequency.Daily,
            "weekly" => DigestFrequency.Weekly,
            _ => null,
        };
        return frequency is not null;
    }

    public static SubscriberStatus ParseStatus(string text) =>
        TryParse(text, out SubscriberStatus? status) ? status.Value : throw new FormatException($"'{text}' is not a subscriber status");

    public static DigestFrequency ParseFrequency(string text) =>
        TryParse(text, out DigestFrequency? frequency) ? frequency.Value : throw new FormatException($"'{text}' is not a digest frequency");
}
