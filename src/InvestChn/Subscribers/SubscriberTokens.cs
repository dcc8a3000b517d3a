using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InvestChn.Storage;
using Microsoft.Extensions.Options;

namespace InvestChn.Subscribers;

/// <summary>
/// Signs and checks the tokens of email links. A subscriber's link token is 32 random bytes and an
/// HMAC of them (<c>random.mac</c>), so a changed token is refused before the store is asked; a
/// confirmation token (<c>c{id}.{queued}.{mac}</c>) names its subscriber and when it was queued,
/// works only on the confirmation page and expires. The key is <c>Subscriptions:TokenKey</c>, or a
/// key the database made for itself when none is configured; tokens signed with either are
/// accepted, so configuring a key later keeps the links already sent working. Tokens of 32 random
/// bytes without a MAC, made before links were signed, are still looked up as they are.
/// </summary>
public sealed class SubscriberTokens(IOptions<SubscriptionsOptions> options, ISubscriptionStore store)
{
    /// <summary>The shortest key accepted.</summary>
    public const int MinKeyBytes = 32;

    private const string StoredKeyName = "subscriber-links";
    private const int MacBytes = 16;
    private const int RandomLength = 43;

    private byte[][]? _keys;

    /// <summary>The key bytes of a configured base64 (or base64url) key; null when it is not one of at least <see cref="MinKeyBytes"/> bytes.</summary>
    public static byte[]? DecodeKey(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        try
        {
            var bytes = trimmed.Contains('-', StringComparison.Ordinal) || trimmed.Contains('_', StringComparison.Ordinal)
                ? Base64Url.DecodeFromChars(trimmed.TrimEnd('='))
                : Convert.FromBase64String(trimmed);
            return bytes.Length >= MinKeyBytes ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A new subscriber's link token.</summary>
    public async Task<string> CreateAsync(CancellationToken cancellationToken = default)
    {
        var keys = await KeysAsync(cancellationToken);
        var random = SubscriberToken.Create();
        return random + "." + Mac(keys[0], "link\n" + random);
    }

    /// <summary>
    /// False when <paramref name="token"/> cannot be a link token this publisher made: the wrong
    /// shape or a MAC no known key gives. True does not mean the token exists.
    /// </summary>
    public async Task<bool> IsAuthenticAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            // Made before links were signed: unguessable, only ever looked up as a whole.
            return token.Length == RandomLength && IsBase64Url(token);
        }

        var random = token[..dot];
        if (random.Length != RandomLength || !IsBase64Url(random))
        {
            return false;
        }

        return Matches(await KeysAsync(cancellationToken), "link\n" + random, token[(dot + 1)..]);
    }

    /// <summary>The confirmation token of <paramref name="subscriber"/>'s email queued at <paramref name="queuedAt"/>.</summary>
    public async Task<string> ConfirmationAsync(Subscriber subscriber, DateTimeOffset queuedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var keys = await KeysAsync(cancellationToken);
        var queued = queuedAt.ToUnixTimeMilliseconds();
        return string.Create(CultureInfo.InvariantCulture, $"c{subscriber.Id}.{queued}.{Mac(keys[0], ConfirmationText(subscriber, queued))}");
    }

    /// <summary>The subscriber id and queue time a confirmation token claims (not yet checked: see <see cref="IsConfirmationOfAsync"/>).</summary>
    public static bool TryReadConfirmation(string token, out long subscriberId, out DateTimeOffset queuedAt)
    {
        ArgumentNullException.ThrowIfNull(token);
        subscriberId = 0;
        queuedAt = default;
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0].Length < 2 || parts[0][0] != 'c' ||
            !long.TryParse(parts[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out subscriberId) ||
            !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var queued) ||
            queued > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        queuedAt = DateTimeOffset.FromUnixTimeMilliseconds(queued);
        return true;
    }

    /// <summary>True when <paramref name="token"/> is a confirmation token made for <paramref name="subscriber"/> (expiry is the caller's to judge).</summary>
    public async Task<bool> IsConfirmationOfAsync(string token, Subscriber subscriber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        if (!TryReadConfirmation(token, out var id, out var queuedAt) || id != subscriber.Id)
        {
            return false;
        }

        return Matches(await KeysAsync(cancellationToken), ConfirmationText(subscriber, queuedAt.ToUnixTimeMilliseconds()), token[(token.LastIndexOf('.') + 1)..]);
    }

    /// <summary>Bound to the subscriber's link token too, so a deleted and re-added address (which may get the same id) is not confirmed by an old email.</summary>
    private static string ConfirmationText(Subscriber subscriber, long queued) =>
        string.Create(CultureInfo.InvariantCulture, $"confirm\n{subscriber.Id}\n{queued}\n{subscriber.Token}");

    private static string Mac(byte[] key, string text) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)).AsSpan(0, MacBytes));

    private static bool Matches(byte[][] keys, string text, string mac)
    {
        var given = Encoding.ASCII.GetBytes(mac);
        var any = false;
        foreach (var key in keys)
        {
            // Compared as text (one spelling per MAC), in constant time, and every key is tried,
            // so the time taken tells neither how much matched nor which key did.
            any |= CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(Mac(key, text)));
        }

        return any;
    }

    private static bool IsBase64Url(string text) => text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The signing key first, then the others accepted.</summary>
    private async ValueTask<byte[][]> KeysAsync(CancellationToken cancellationToken)
    {
        if (_keys is { } keys)
        {
            return keys;
        }

        // Two first callers may both read the stored key: the same bytes, so either result will do.
        var stored = await store.GetSigningKeyAsync(StoredKeyName, cancellationToken);
        keys = options.Value.TokenKey is { Length: > 0 } configured && DecodeKey(configured) is { } key ? [key, stored] : [stored];
        _keys = keys;
        return keys;
    }
}
