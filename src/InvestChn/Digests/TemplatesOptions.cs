namespace InvestChn.Digests;

/// <summary>Where the Razor templates live (section <c>Templates</c>).</summary>
public sealed class TemplatesOptions
{
    public const string SectionName = "Templates";

    /// <summary>Folder of the <c>.cshtml</c> templates admins may edit.</summary>
    public string Directory { get; set; } = "templates";
}
