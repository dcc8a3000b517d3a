using System.Globalization;
using InvestChn.Configuration;
using Microsoft.Extensions.Options;

namespace InvestChn.Digests;

/// <summary>Checks <see cref="DigestsOptions"/> (the cron expressions are checked by the scheduling set-up); every failure names its key and value.</summary>
internal sealed class DigestsOptionsValidator : IValidateOptions<DigestsOptions>
{
    public ValidateOptionsResult Validate(string? name, DigestsOptions options)
    {
        var failures = new OptionFailures(DigestsOptions.SectionName);
        failures.RequireTimeZone(nameof(options.TimeZone), options.TimeZone);
        if (options.MaxArticles is < 1 or > 200)
        {
            failures.Add(nameof(options.MaxArticles), options.MaxArticles.ToString(CultureInfo.InvariantCulture), "must be between 1 and 200");
        }

        if (options.MaxArticleAgeDays is < 0 or > 3660)
        {
            failures.Add(nameof(options.MaxArticleAgeDays), options.MaxArticleAgeDays.ToString(CultureInfo.InvariantCulture), "must be between 0 (no limit) and 3660");
        }

        if (options.ExcerptLength is < 20 or > 2000)
        {
            failures.Add(nameof(options.ExcerptLength), options.ExcerptLength.ToString(CultureInfo.InvariantCulture), "must be between 20 and 2000");
        }

        if (SubjectLine.CheckFormat(options.SubjectFormat) is { } problem)
        {
            failures.Add(nameof(options.SubjectFormat), options.SubjectFormat, problem);
        }

        return failures.ToResult();
    }
}
