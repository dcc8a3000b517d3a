using System.Globalization;
using InvestChn.Configuration;
using Microsoft.Extensions.Options;

namespace InvestChn.Subscribers;

/// <summary>Checks <see cref="SubscriptionsOptions"/>; every failure names its key (and its value, except the key's).</summary>
internal sealed class SubscriptionsOptionsValidator : IValidateOptions<SubscriptionsOptions>
{
    public ValidateOptionsResult Validate(string? name, SubscriptionsOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.TokenKey) && SubscriberTokens.DecodeKey(options.TokenKey) is null)
        {
            // The value is a secret: say what is wrong without repeating it.
            failures.Add($"{SubscriptionsOptions.SectionName}:{nameof(options.TokenKey)}: is not base64 of at least {SubscriberTokens.MinKeyBytes} bytes (value not shown; make one with: openssl rand -base64 32)");
        }

        var checks = new OptionFailures(SubscriptionsOptions.SectionName);
        Positive(checks, nameof(options.ConfirmationInterval), options.ConfirmationInterval);
        Positive(checks, nameof(options.ConfirmationTtl), options.ConfirmationTtl);
        Positive(checks, nameof(options.RateLimitWindow), options.RateLimitWindow);
        if (options.RateLimitPermits is < 1 or > 100_000)
        {
            checks.Add(nameof(options.RateLimitPermits), options.RateLimitPermits.ToString(CultureInfo.InvariantCulture), "must be between 1 and 100000");
        }

        failures.AddRange(checks.Failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(OptionFailures failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(3650))
        {
            failures.Add(key, value.ToString("c", CultureInfo.InvariantCulture), "must be a positive time span of at most 3650 days (days.hours:minutes:seconds, e.g. 1.00:00:00 or 12:00:00)");
        }
    }
}
