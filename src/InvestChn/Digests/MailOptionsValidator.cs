using InvestChn.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;

namespace InvestChn.Digests;

/// <summary>Checks <see cref="MailOptions"/>; every failure names its key and value.</summary>
internal sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        var failures = new OptionFailures(MailOptions.SectionName);
        if (!MailboxAddress.TryParse(options.From ?? string.Empty, out var from) || from.Address.IndexOf('@', StringComparison.Ordinal) <= 0 ||
            options.From!.Any(char.IsControl))
        {
            failures.Add(nameof(options.From), options.From, "is not a mailbox like 投促中国 <digest@investchn.com>");
        }

        failures.RequireNotEmpty(nameof(options.PickupDirectory), options.PickupDirectory);
        var dkim = options.Dkim;
        var given = new[] { dkim.Domain, dkim.Selector, dkim.PrivateKeyFile }.Count(v => !string.IsNullOrEmpty(v));
        if (given is > 0 and < 3)
        {
            failures.Add("Dkim", $"Domain={dkim.Domain}, Selector={dkim.Selector}, PrivateKeyFile={dkim.PrivateKeyFile}", "needs all three of Domain, Selector and PrivateKeyFile (or none)");
        }
        else if (dkim.Enabled && !File.Exists(dkim.PrivateKeyFile))
        {
            failures.Add("Dkim:PrivateKeyFile", dkim.PrivateKeyFile, "is not a readable file");
        }

        return failures.ToResult();
    }
}
