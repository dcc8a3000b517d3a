using System.Globalization;
using InvestChn.Configuration;
using Microsoft.Extensions.Options;

namespace InvestChn.Delivery;

/// <summary>Checks <see cref="SmtpOptions"/>; every failure names its key and value (never the password's).</summary>
internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var failures = new OptionFailures(SmtpOptions.SectionName);
        if (options.UsesRelay)
        {
            if (Uri.CheckHostName(options.Host.Trim()) == UriHostNameType.Unknown)
            {
                failures.Add(nameof(options.Host), options.Host, "is not a host name or IP address");
            }

            DeliveryOptionsValidator.Range(failures, nameof(options.Port), options.Port, 1, 65_535);
            if (!Enum.IsDefined(options.Security))
            {
                failures.Add(nameof(options.Security), options.Security.ToString(), "must be None, StartTls, SslOnConnect or Auto");
            }

            if (string.IsNullOrEmpty(options.UserName) != string.IsNullOrEmpty(options.Password))
            {
                failures.Add(nameof(options.UserName), options.UserName, "and Smtp:Password must be given together (the password from INVESTCHN_Smtp__Password)");
            }
        }

        DeliveryOptionsValidator.Range(failures, nameof(options.Connections), options.Connections, 1, 64);
        DeliveryOptionsValidator.Range(failures, nameof(options.TimeoutSeconds), options.TimeoutSeconds, 1, 3_600);
        if (double.IsNaN(options.MaxMessagesPerSecond) || options.MaxMessagesPerSecond < 0)
        {
            failures.Add(nameof(options.MaxMessagesPerSecond), options.MaxMessagesPerSecond.ToString(CultureInfo.InvariantCulture), "must be 0 (no limit) or more");
        }

        return failures.ToResult();
    }
}
