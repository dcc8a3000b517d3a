namespace InvestChn.Digests;

/// <summary>When digests go out and what they hold (section <c>Digests</c>).</summary>
public sealed class DigestsOptions
{
    public const string SectionName = "Digests";

    /// <summary>Time zone of the cron schedules and of the dates in subjects and digests.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Schedule of the daily edition.</summary>
    public EditionSchedule Daily { get; set; } = new() { Cron = "0 0 8 * * ?" };

    /// <summary>Schedule of the weekly edition.</summary>
    public EditionSchedule Weekly { get; set; } = new() { Cron = "0 0 8 ? * MON" };

    /// <summary>Most articles one digest lists; the newest are kept.</summary>
    public int MaxArticles { get; set; } = 20;

    /// <summary>Articles published longer ago than this (before the edition) are never sent, so importing an old archive floods nobody; 0 turns the limit off.</summary>
    public int MaxArticleAgeDays { get; set; } = 7;

    /// <summary>Subject line; placeholders {site}, {edition} (每日要闻/每周要闻), {date}, {count}, {headline}.</summary>
    public string SubjectFormat { get; set; } = "投促中国 · {edition} · {date}";

    /// <summary>Length of each article's excerpt, in characters.</summary>
    public int ExcerptLength { get; set; } = 120;
}
