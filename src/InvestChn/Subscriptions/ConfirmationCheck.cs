using InvestChn.Subscribers;

namespace InvestChn.Subscriptions;

/// <summary>What a confirmation token is worth: nothing (unknown, tampered), expired, or good; with its subscriber when there is one.</summary>
/// <param name="State">The verdict.</param>
/// <param name="Subscriber">The subscriber the token was made for; null when <see cref="ConfirmationState.Unknown"/>.</param>
public sealed record ConfirmationCheck(ConfirmationState State, Subscriber? Subscriber);
