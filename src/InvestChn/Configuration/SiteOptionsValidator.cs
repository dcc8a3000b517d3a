using Microsoft.Extensions.Options;

namespace InvestChn.Configuration;

/// <summary>Checks <see cref="SiteOptions"/>; every failure names its key and value.</summary>
internal sealed class SiteOptionsValidator : IValidateOptions<SiteOptions>
{
    public ValidateOptionsResult Validate(string? name, SiteOptions options)
    {
        var failures = new OptionFailures(SiteOptions.SectionName);
        failures.RequireNotEmpty(nameof(options.Name), options.Name);
        failures.RequireAbsoluteHttpUrl(nameof(options.BaseUrl), options.BaseUrl);
        failures.RequireAbsoluteHttpUrl(nameof(options.PublicUrl), options.PublicUrl);
        return failures.ToResult();
    }
}
