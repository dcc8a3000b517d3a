namespace InvestChn.Digests;

/// <summary>Where the Razor templates live (section <c>Templates</c>).</summary>
public sealed class TemplatesOptions
{
    public const string SectionName = "Templates";

    /// <summary>Folder of the <c>.cshtml</c> templates admins may edit.</summary>
    public string Directory { get; set; } = "templates";

    /// <summary>
    /// Folder where compiled templates are kept, so a process whose templates have not changed
    /// loads them instead of compiling them again; empty to compile in every process.
    /// </summary>
    public string CacheDirectory { get; set; } = "data/templates";
}
