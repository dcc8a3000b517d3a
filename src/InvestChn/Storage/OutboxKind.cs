namespace InvestChn.Storage;

/// <summary>What an outbox row sends.</summary>
public enum OutboxKind
{
    /// <summary>A digest of one edition.</summary>
    Digest,

    /// <summary>The email that asks a new subscriber to confirm the address.</summary>
    Confirmation,
}
