using InvestChn.Subscribers;

namespace InvestChn.Storage;

/// <summary>Which outbox rows an admin asks for, and which page of them (newest edition first, then by address).</summary>
/// <param name="Status">Only this status.</param>
/// <param name="Frequency">Only editions of this frequency.</param>
/// <param name="EditionId">Only this edition.</param>
/// <param name="Email">Only this subscriber (address compared case-insensitively).</param>
/// <param name="Offset">Rows to skip.</param>
/// <param name="Limit">Rows at most.</param>
public sealed record DeliveryQuery(
    DeliveryStatus? Status = null,
    DigestFrequency? Frequency = null,
    long? EditionId = null,
    string? Email = null,
    int Offset = 0,
    int Limit = 50);
