using InvestChn.Storage;

namespace InvestChn.Subscribers;

/// <summary>What became of one subscriber an admin gave: saved (with the outcome), or refused with its problems.</summary>
public sealed record SubscriberChange(SubscriberInput Input, SubscriberSaveResult? Saved, IReadOnlyList<string> Problems);
