using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace InvestChn.Publisher.Web.Admin;

/// <summary>
/// Compares a request's key with <c>Admin:ApiKey</c> in constant time: both are hashed first, so
/// neither the position of the first wrong character nor the key's length shows in the time taken.
/// </summary>
internal sealed class ApiKeyCheck
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[]? _expected;

    public ApiKeyCheck(IOptions<AdminOptions> options)
    {
        var key = options.Value.ApiKey;
        _expected = string.IsNullOrEmpty(key) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>False when no key is configured: the API is off.</summary>
    public bool Enabled => _expected is not null;

    /// <summary>Whether <paramref name="presented"/> is the configured key.</summary>
    public bool Matches(string? presented)
    {
        if (_expected is null || presented is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _expected);
    }

    /// <summary>Whether the request carries the key as <c>X-Api-Key</c> or as <c>Authorization: Bearer</c>.</summary>
    public bool Allows(HttpRequest request)
    {
        var headers = request.Headers;
        if (headers.TryGetValue(HeaderName, out var apiKey) && apiKey.Count == 1 && Matches(apiKey[0]))
        {
            return true;
        }

        return headers.Authorization.Count == 1 && headers.Authorization[0] is { } authorization &&
            authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) &&
            Matches(authorization["Bearer ".Length..].Trim());
    }

    /// <summary>The challenge a 401 carries.</summary>
    public const string Challenge = "Bearer realm=\"investchn-admin\"";
}
