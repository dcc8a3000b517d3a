namespace InvestChn.Text;

/// <summary>Configuration section <c>Segmentation</c>: where the project dictionary lives.</summary>
public sealed class SegmentationOptions
{
    public const string SectionName = "Segmentation";

    /// <summary>
    /// Folder of the project dictionary: word lists (<c>*.txt</c>) and <c>synonyms.txt</c>. Empty
    /// means <c>dict</c> inside <c>Import:Directory</c>, which may be missing (then only the
    /// segmenter's own dictionary is used); a folder named here must exist.
    /// </summary>
    public string DictionaryDirectory { get; set; } = string.Empty;
}
