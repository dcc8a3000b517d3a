namespace InvestChn.Delivery;

/// <summary>The SMTP relay digests are handed to (section <c>Smtp</c>); an empty host writes <c>.eml</c> files instead.</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    /// <summary>Relay host name or address; empty means the pickup folder (<c>Mail:PickupDirectory</c>).</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>User name for AUTH; empty means no authentication.</summary>
    public string UserName { get; set; } = "";

    /// <summary>Password for AUTH: from the environment (<c>INVESTCHN_Smtp__Password</c>), never from a file in the repository.</summary>
    public string Password { get; set; } = "";

    /// <summary>Connections kept open at once; each sends many messages.</summary>
    public int Connections { get; set; } = 4;

    /// <summary>Messages per second over all connections; 0 means no limit.</summary>
    public double MaxMessagesPerSecond { get; set; }

    /// <summary>
    /// How long one step may take: opening a session (connect, greeting, login), handing over one
    /// message (its commands, data and replies), or closing. RFC 5321 asks clients to wait 10
    /// minutes for the reply to the message data, the default here.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 600;

    /// <summary>True when messages go to an SMTP relay rather than to files.</summary>
    public bool UsesRelay => !string.IsNullOrWhiteSpace(Host);
}
