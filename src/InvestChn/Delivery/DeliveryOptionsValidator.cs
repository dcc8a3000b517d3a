using System.Globalization;
using InvestChn.Configuration;
using Microsoft.Extensions.Options;

namespace InvestChn.Delivery;

/// <summary>Checks <see cref="DeliveryOptions"/>, the lease against <c>Smtp:TimeoutSeconds</c> included; every failure names its key and value.</summary>
internal sealed class DeliveryOptionsValidator(IOptions<SmtpOptions> smtp) : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        var failures = new OptionFailures(DeliveryOptions.SectionName);
        Range(failures, nameof(options.MaxAttempts), options.MaxAttempts, 1, 100);
        Range(failures, nameof(options.RetryBaseSeconds), options.RetryBaseSeconds, 1, 86_400);
        Range(failures, nameof(options.BounceLimit), options.BounceLimit, 1, 100);
        Range(failures, nameof(options.LeaseSeconds), options.LeaseSeconds, 2, 86_400);
        var timeout = smtp.Value.TimeoutSeconds;
        if (smtp.Value.UsesRelay && options.LeaseSeconds <= timeout)
        {
            failures.Add(nameof(options.LeaseSeconds), options.LeaseSeconds.ToString(CultureInfo.InvariantCulture),
                $"must be longer than Smtp:TimeoutSeconds ({timeout}), or a slow server's message could be claimed and sent again by another sender");
        }

        return failures.ToResult();
    }

    internal static void Range(OptionFailures failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add(key, value.ToString(CultureInfo.InvariantCulture), $"must be between {min} and {max}");
        }
    }
}
