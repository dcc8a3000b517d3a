using InvestChn.Configuration;
using Microsoft.Extensions.Options;

namespace InvestChn.Articles;

/// <summary>Checks <see cref="ImportOptions"/>; every failure names its key and value.</summary>
internal sealed class ImportOptionsValidator : IValidateOptions<ImportOptions>
{
    public ValidateOptionsResult Validate(string? name, ImportOptions options)
    {
        var failures = new OptionFailures(ImportOptions.SectionName);
        failures.RequireNotEmpty(nameof(options.Directory), options.Directory);
        failures.RequireTimeZone(nameof(options.TimeZone), options.TimeZone);
        if (options.BatchSize is < 1 or > 100_000)
        {
            failures.Add(nameof(options.BatchSize), options.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be between 1 and 100000");
        }

        return failures.ToResult();
    }
}
