namespace InvestChn.Digests.Templates;

/// <summary>The edition a digest belongs to.</summary>
public sealed class DigestEdition
{
    /// <summary><c>daily</c> or <c>weekly</c>.</summary>
    public required string Frequency { get; init; }

    /// <summary>每日要闻 or 每周要闻.</summary>
    public required string Title { get; init; }

    /// <summary>The edition's date in <c>Digests:TimeZone</c>, e.g. 2026年11月28日.</summary>
    public required string Date { get; init; }

    /// <summary>The scheduled time of the edition in <c>Digests:TimeZone</c>.</summary>
    public required DateTimeOffset ScheduledAt { get; init; }
}
