namespace InvestChn.Subscriptions;

/// <summary>A channel a reader may pick: its slug (what is stored) and its label (what is shown).</summary>
public sealed record ChannelChoice(string Slug, string Label);
