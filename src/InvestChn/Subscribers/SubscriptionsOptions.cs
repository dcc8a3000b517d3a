namespace InvestChn.Subscribers;

/// <summary>Public sign-up, confirmation and the links in emails (section <c>Subscriptions</c>).</summary>
public sealed class SubscriptionsOptions
{
    public const string SectionName = "Subscriptions";

    /// <summary>
    /// Base64 of at least 32 random bytes that signs the links of emails; from the environment
    /// (<c>INVESTCHN_Subscriptions__TokenKey</c>), never from a file in the repository. When empty,
    /// a key the database made for itself signs them.
    /// </summary>
    public string? TokenKey { get; set; }

    /// <summary>At most one confirmation email per address within this time.</summary>
    public TimeSpan ConfirmationInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a confirmation link works.</summary>
    public TimeSpan ConfirmationTtl { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Sign-up form posts one client address may make per <see cref="RateLimitWindow"/>.</summary>
    public int RateLimitPermits { get; set; } = 10;

    /// <summary>The window of <see cref="RateLimitPermits"/>.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(10);
}
