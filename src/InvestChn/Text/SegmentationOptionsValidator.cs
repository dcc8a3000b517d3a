using InvestChn.Articles;
using InvestChn.Configuration;
using Microsoft.Extensions.Options;

namespace InvestChn.Text;

/// <summary>
/// Checks <see cref="SegmentationOptions"/>: a dictionary folder named explicitly must exist, and
/// every dictionary file must read cleanly (the failure names the file and line), so a typo in
/// <c>seeds/dict</c> stops start-up instead of an import.
/// </summary>
internal sealed class SegmentationOptionsValidator(IOptions<ImportOptions> import) : IValidateOptions<SegmentationOptions>
{
    public ValidateOptionsResult Validate(string? name, SegmentationOptions options)
    {
        var failures = new OptionFailures(SegmentationOptions.SectionName);
        var directory = TermSegmenter.DictionaryDirectoryOf(options, import.Value);
        if (options.DictionaryDirectory.Length > 0 && !Directory.Exists(options.DictionaryDirectory))
        {
            failures.Add(nameof(options.DictionaryDirectory), options.DictionaryDirectory, "is not an existing folder");
        }
        else
        {
            try
            {
                ProjectLexicon.Load(directory);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                failures.Add(nameof(options.DictionaryDirectory), directory, "holds a bad dictionary: " + e.Message);
            }
        }

        return failures.ToResult();
    }
}
