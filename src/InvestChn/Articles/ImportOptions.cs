namespace InvestChn.Articles;

/// <summary>Where pages come from (section <c>Import</c>).</summary>
public sealed class ImportOptions
{
    public const string SectionName = "Import";

    /// <summary>Folder that <c>run</c> and <c>run --once</c> import from, recursively.</summary>
    public string Directory { get; set; } = "seeds";

    /// <summary>Time zone the site writes its dates in.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>How often <c>run</c> imports <see cref="Directory"/>: a Quartz cron expression (seconds first) in <see cref="TimeZone"/>.</summary>
    public string Cron { get; set; } = "0 */5 * * * ?";

    /// <summary>Pages parsed and written per transaction.</summary>
    public int BatchSize { get; set; } = 500;
}
