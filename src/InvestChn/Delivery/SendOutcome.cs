namespace InvestChn.Delivery;

/// <summary>How handing one message over went.</summary>
public enum SendStatus
{
    /// <summary>The server accepted the message.</summary>
    Sent,

    /// <summary>Try again later: a 4xx reply, a dropped connection, a timeout.</summary>
    Transient,

    /// <summary>Never: a 5xx reply.</summary>
    Permanent,

    /// <summary>The server could not be reached or refused the session (connect, TLS, login): nothing was handed over.</summary>
    Unreachable,
}

/// <summary>The result of one send, with the server's reply (or the error) for the admin.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Reply">The reply text, e.g. "250 2.0.0 Ok: queued" or "451 4.7.1 try later".</param>
/// <param name="RecipientRejected">For <see cref="SendStatus.Permanent"/>: the recipient address itself was refused (a hard bounce).</param>
public sealed record SendOutcome(SendStatus Status, string Reply, bool RecipientRejected = false)
{
    /// <summary>A message held back because the previous result on its connection could not be recorded: the relay never took it.</summary>
    public static readonly SendOutcome HeldBack = new(SendStatus.Transient, "not sent: the previous message's result could not be recorded");
}
