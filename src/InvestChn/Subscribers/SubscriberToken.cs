using System.Buffers.Text;
using System.Security.Cryptography;

namespace InvestChn.Subscribers;

/// <summary>Creates the unguessable tokens of unsubscribe and preferences links.</summary>
public static class SubscriberToken
{
    /// <summary>256 random bits, URL-safe base64 without padding (43 characters).</summary>
    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
