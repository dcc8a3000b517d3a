using Microsoft.Extensions.Options;

namespace InvestChn.Publisher.Web.Admin;

/// <summary>Checks <see cref="AdminOptions"/>: a key, when set, is long enough and fits in an HTTP header. The message never repeats the key.</summary>
internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var key = options.ApiKey;
        if (string.IsNullOrEmpty(key))
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (key.Length < AdminOptions.MinKeyLength)
        {
            failures.Add($"{AdminOptions.SectionName}:{nameof(options.ApiKey)}: the key (not shown) has {key.Length} characters; use at least {AdminOptions.MinKeyLength}, e.g. from: openssl rand -hex 32");
        }

        if (key.Any(c => c is < '!' or > '~'))
        {
            failures.Add($"{AdminOptions.SectionName}:{nameof(options.ApiKey)}: the key (not shown) must be printable ASCII without spaces, as an HTTP header carries it");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
