namespace InvestChn.Delivery;

/// <summary>How the outbox retries and hands out work (section <c>Delivery</c>).</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary>Tries per message before a message that keeps being deferred is failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first temporary failure; it doubles with every further one.</summary>
    public int RetryBaseSeconds { get; set; } = 60;

    /// <summary>How long a claimed message belongs to one sender; after that (a crash) another may send it. Must exceed <c>Smtp:TimeoutSeconds</c>.</summary>
    public int LeaseSeconds { get; set; } = 900;

    /// <summary>Permanent failures in a row after which a subscriber is marked bounced.</summary>
    public int BounceLimit { get; set; } = 1;

    /// <summary>How often <c>run</c> delivers what is due (deferred retries included): a Quartz cron expression.</summary>
    public string Cron { get; set; } = "30 * * * * ?";
}
