using InvestChn.Storage;
using InvestChn.Subscribers;

namespace InvestChn.Digests;

/// <summary>What planning an edition did.</summary>
/// <param name="Frequency">Daily or weekly.</param>
/// <param name="Edition">The edition; null when no scheduled time lies before the requested one.</param>
/// <param name="ToSend">New rows with a digest to send.</param>
/// <param name="Skipped">New rows with nothing to send (the cursor moved all the same).</param>
/// <param name="AlreadyPlanned">The edition had been planned before; nothing changed.</param>
public sealed record EditionPlan(DigestFrequency Frequency, Edition? Edition, int ToSend, int Skipped, bool AlreadyPlanned);
