using Microsoft.Extensions.Options;

namespace InvestChn.Publisher.Web;

/// <summary>Checks <see cref="HttpOptions"/>: every listen URL is an absolute http(s) URL with a port.</summary>
internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var urls = options.UrlList;
        if (urls.Count == 0)
        {
            return ValidateOptionsResult.Fail($"{HttpOptions.SectionName}:{nameof(options.Urls)}: '{options.Urls}' must name at least one URL");
        }

        var failures = urls
            .Where(url => !Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ||
                          (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            .Select(url => $"{HttpOptions.SectionName}:{nameof(options.Urls)}: '{url}' is not an http(s) listen URL")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
