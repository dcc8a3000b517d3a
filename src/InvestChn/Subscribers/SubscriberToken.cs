using System.Buffers.Text;
using System.Security.Cryptography;

namespace InvestChn.Subscribers;

/// <summary>Creates the unguessable random part of link tokens (<see cref="SubscriberTokens"/> adds the MAC).</summary>
public static class SubscriberToken
{
    /// <summary>256 random bits, URL-safe base64 without padding (43 characters).</summary>
    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
