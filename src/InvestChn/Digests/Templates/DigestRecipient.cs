namespace InvestChn.Digests.Templates;

/// <summary>The recipient of one digest.</summary>
public sealed record DigestRecipient
{
    /// <summary>The address the digest is sent to.</summary>
    public required string Email { get; init; }

    /// <summary>Display name; may be empty.</summary>
    public required string Name { get; init; }

    /// <summary>Greeting line, e.g. 王女士，您好： or 您好：.</summary>
    public required string Greeting { get; init; }

    /// <summary>The channels subscribed to, as names (empty: every channel).</summary>
    public required IReadOnlyList<string> Channels { get; init; }

    /// <summary>The keywords subscribed to (empty: no filter).</summary>
    public required IReadOnlyList<string> Keywords { get; init; }

    /// <summary>One sentence on why this address receives the digest.</summary>
    public required string Reason { get; init; }
}
