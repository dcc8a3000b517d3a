namespace InvestChn.Storage;

/// <summary>A delivery row about to be written for one subscriber of an edition.</summary>
/// <param name="SubscriberId">The recipient.</param>
/// <param name="ArticleSequences">Import sequences of the articles chosen, in the order the digest lists them.</param>
/// <param name="MessageId">Message-ID every (re)send of this digest carries.</param>
/// <param name="SkipReason">Why nothing will be sent (e.g. no matching article); null for a digest to send.</param>
public sealed record PlannedDelivery(long SubscriberId, IReadOnlyList<long> ArticleSequences, string MessageId, string? SkipReason)
{
    /// <summary>Those of <see cref="ArticleSequences"/> sent again because they changed since the subscriber was sent them.</summary>
    public IReadOnlyCollection<long> UpdatedSequences { get; init; } = [];
}
