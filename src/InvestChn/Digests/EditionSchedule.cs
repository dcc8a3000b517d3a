namespace InvestChn.Digests;

/// <summary>The schedule of one frequency's editions.</summary>
public sealed class EditionSchedule
{
    /// <summary>Quartz cron expression (seconds first) in <c>Digests:TimeZone</c>.</summary>
    public string Cron { get; set; } = "";
}
