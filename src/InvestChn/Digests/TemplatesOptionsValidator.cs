using InvestChn.Configuration;
using Microsoft.Extensions.Options;

namespace InvestChn.Digests;

/// <summary>Checks <see cref="TemplatesOptions"/> (whether the templates compile is checked before the first digest).</summary>
internal sealed class TemplatesOptionsValidator : IValidateOptions<TemplatesOptions>
{
    public ValidateOptionsResult Validate(string? name, TemplatesOptions options)
    {
        var failures = new OptionFailures(TemplatesOptions.SectionName);
        failures.RequireNotEmpty(nameof(options.Directory), options.Directory);
        return failures.ToResult();
    }
}
