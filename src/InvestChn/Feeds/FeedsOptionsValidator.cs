using System.Globalization;
using System.Text.RegularExpressions;
using InvestChn.Configuration;
using Microsoft.Extensions.Options;

namespace InvestChn.Feeds;

/// <summary>Checks <see cref="FeedsOptions"/>; every failure names its key and value.</summary>
internal sealed partial class FeedsOptionsValidator : IValidateOptions<FeedsOptions>
{
    public ValidateOptionsResult Validate(string? name, FeedsOptions options)
    {
        var failures = new OptionFailures(FeedsOptions.SectionName);
        failures.RequireNotEmpty(nameof(options.OutputDirectory), options.OutputDirectory);
        if (options.MaxItems is < 1 or > 1000)
        {
            failures.Add(nameof(options.MaxItems), options.MaxItems.ToString(CultureInfo.InvariantCulture), "must be between 1 and 1000");
        }

        if (options.ExcerptLength is < 20 or > 2000)
        {
            failures.Add(nameof(options.ExcerptLength), options.ExcerptLength.ToString(CultureInfo.InvariantCulture), "must be between 20 and 2000");
        }

        if (!TagAuthorityPattern().IsMatch(options.TagAuthority ?? string.Empty))
        {
            failures.Add(nameof(options.TagAuthority), options.TagAuthority, "is not a tag URI authority and date (RFC 4151), e.g. investchn.com,2015");
        }

        return failures.ToResult();
    }

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(@[a-z0-9.-]+)?,\d{4}(-\d{2}(-\d{2})?)?$")]
    private static partial Regex TagAuthorityPattern();
}
