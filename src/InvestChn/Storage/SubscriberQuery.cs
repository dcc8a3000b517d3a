using InvestChn.Subscribers;

namespace InvestChn.Storage;

/// <summary>Which subscribers an admin asks for, and which page of them (in address order).</summary>
/// <param name="Status">Only this status.</param>
/// <param name="Frequency">Only this frequency.</param>
/// <param name="Channel">Only subscribers who named this channel slug (those with no channels, who get every channel, are not included).</param>
/// <param name="Search">Only addresses or names containing this text (case-insensitive for ASCII letters).</param>
/// <param name="Offset">Rows to skip.</param>
/// <param name="Limit">Rows at most.</param>
public sealed record SubscriberQuery(
    SubscriberStatus? Status = null,
    DigestFrequency? Frequency = null,
    string? Channel = null,
    string? Search = null,
    int Offset = 0,
    int Limit = 50);
