using System.Globalization;
using System.Security.Cryptography;

namespace InvestChn.Digests;

/// <summary>
/// Stand-ins for what is one recipient's own (the address before its @, the name, the token of each
/// link) in a digest that is rendered once and then filled in for every recipient who gets the same
/// articles. Each stand-in
/// carries a random token no article can contain, an ideograph, mixed case and an ampersand, so
/// anything a template does to a value other than writing it (changing case, URL- or
/// script-encoding it, writing it raw) changes the stand-in and is noticed.
/// </summary>
internal static class RecipientSlots
{
    /// <summary>How many values a digest fills in per recipient.</summary>
    public const int Count = 4;

    /// <summary>The address up to its last @.</summary>
    public const int LocalPart = 0;

    /// <summary>The display name (no slot when it is empty).</summary>
    public const int Name = 1;

    /// <summary>The last path segment of the unsubscribe link.</summary>
    public const int Unsubscribe = 2;

    /// <summary>The last path segment of the preferences link.</summary>
    public const int Preferences = 3;

    /// <summary>Random for each process: twelve lower-case letters.</summary>
    public static readonly string Nonce = string.Create(12, 0, static (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)('a' + RandomNumberGenerator.GetInt32(26));
        }
    });

    /// <summary>Opens a wrap that waits for the recipient's values (see <see cref="DeferWrap"/>).</summary>
    public static readonly string WrapStart = Nonce + "W[";

    /// <summary>Closes a deferred wrap.</summary>
    public static readonly string WrapEnd = Nonce + "W]";

    /// <summary>The stand-in of slot <paramref name="slot"/>; the second variant is longer, so a template that measures a value is caught.</summary>
    public static string StandIn(int slot, bool second) => second
        ? string.Create(CultureInfo.InvariantCulture, $"{Nonce}x{slot}乙Bb&{new string('y', 40)}")
        : string.Create(CultureInfo.InvariantCulture, $"{Nonce}x{slot}甲Aa&");

    /// <summary>True when <paramref name="text"/> holds a stand-in.</summary>
    public static bool Contains(string text) => text.Contains(Nonce, StringComparison.Ordinal);

    /// <summary>
    /// A wrap whose text holds stand-ins cannot be done until the real values are known (their
    /// widths decide the line breaks): it is written as a marker with its arguments and done when
    /// the recipient's values are filled in.
    /// </summary>
    public static string DeferWrap(string text, int columns, string indent) =>
        string.Create(CultureInfo.InvariantCulture, $"{WrapStart}{columns},{indent.Length},{indent}{text}{WrapEnd}");
}
