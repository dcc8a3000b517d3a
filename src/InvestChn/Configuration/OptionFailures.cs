namespace InvestChn.Configuration;

/// <summary>Collects every invalid configuration value of one section, each naming its key.</summary>
internal sealed class OptionFailures(string section)
{
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    public void Add(string key, string? value, string problem) =>
        _failures.Add($"{section}:{key}: '{value}' {problem}");

    public void RequireAbsoluteHttpUrl(string key, string? value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Add(key, value, "is not an absolute http(s) URL");
        }
    }

    public void RequireNotEmpty(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(key, value, "must not be empty");
        }
    }

    public void RequireTimeZone(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !TimeZoneInfo.TryFindSystemTimeZoneById(value, out _))
        {
            Add(key, value, "is not a known time zone id (e.g. Asia/Shanghai)");
        }
    }

    public Microsoft.Extensions.Options.ValidateOptionsResult ToResult() =>
        _failures.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(_failures);
}
