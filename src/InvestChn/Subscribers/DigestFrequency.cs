namespace InvestChn.Subscribers;

/// <summary>How often a subscriber receives a digest.</summary>
public enum DigestFrequency
{
    /// <summary>Every <c>Digests:Daily:Cron</c> edition.</summary>
    Daily,

    /// <summary>Every <c>Digests:Weekly:Cron</c> edition.</summary>
    Weekly,
}
