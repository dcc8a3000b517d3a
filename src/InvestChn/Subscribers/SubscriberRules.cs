using InvestChn.Articles;
using MimeKit;

namespace InvestChn.Subscribers;

/// <summary>What makes an address, a name, a channel list and a keyword list acceptable.</summary>
public static class SubscriberRules
{
    /// <summary>RFC 5321's limit on a forward path, less the angle brackets.</summary>
    public const int MaxEmailLength = 254;

    public const int MaxNameLength = 100;
    public const int MaxKeywords = 20;
    public const int MaxKeywordLength = 40;

    /// <summary>Characters that separate items in a CSV cell: ASCII and full-width semicolons, vertical bars.</summary>
    public static readonly char[] ListSeparators = [';', '；', '|'];

    /// <summary>Every problem with <paramref name="input"/>, each a short sentence naming the field; empty when it is fine.</summary>
    public static IReadOnlyList<string> Check(SubscriberInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<string>();
        if (CheckEmail(input.Email) is { } emailProblem)
        {
            problems.Add(emailProblem);
        }

        if (HasControl(input.Name))
        {
            problems.Add("name contains a line break or control character");
        }
        else if (input.Name.Length > MaxNameLength)
        {
            problems.Add($"name is longer than {MaxNameLength} characters");
        }

        foreach (var channel in input.Channels)
        {
            if (!ChannelSlugs.IsValidSlugText(channel))
            {
                problems.Add($"channel '{Printable(channel)}' is not a channel slug (e.g. policy-local)");
            }
        }

        if (input.Keywords.Count > MaxKeywords)
        {
            problems.Add($"more than {MaxKeywords} keywords");
        }

        foreach (var keyword in input.Keywords)
        {
            if (HasControl(keyword) || keyword.Length > MaxKeywordLength || keyword.Trim().Length == 0)
            {
                problems.Add($"keyword '{Printable(keyword)}' is empty, too long (over {MaxKeywordLength}) or contains control characters");
            }
            else if (keyword.IndexOfAny(ListSeparators) >= 0)
            {
                // A CSV cell splits lists at these, so such a keyword would come back from export and import as two.
                problems.Add($"keyword '{keyword}' contains a list separator ({string.Join(' ', ListSeparators)}); give each keyword on its own");
            }
        }

        return problems;
    }

    /// <summary>Why <paramref name="email"/> is not a usable address, or null when it is.</summary>
    public static string? CheckEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (email.Length == 0)
        {
            return "email is empty";
        }

        if (HasControl(email))
        {
            return "email contains a line break or control character";
        }

        if (email.Length > MaxEmailLength)
        {
            return $"email is longer than {MaxEmailLength} characters";
        }

        // A bare addr-spec only: a display name or a group here would be something else. The
        // parser gives an IDN domain in Unicode (xn--fiqs8s is 中国), so compare in that form.
        if (!MailboxAddress.TryParse(ParserOptions.Default, email, out var mailbox) ||
            !string.Equals(mailbox.Address, MailboxAddress.DecodeAddrspec(email), StringComparison.Ordinal) ||
            !string.IsNullOrEmpty(mailbox.Name) ||
            mailbox.Route.Count > 0)
        {
            return $"email '{email}' is not an address like name@example.com";
        }

        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1 || email.AsSpan(at + 1).IndexOf('.') < 0 || email.Contains(' ', StringComparison.Ordinal))
        {
            return $"email '{email}' is not an address like name@example.com";
        }

        return null;
    }

    /// <summary>The key addresses are unique by.</summary>
    public static string EmailKey(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Splits a list cell (<c>a;b</c>, <c>a；b</c>, <c>a|b</c>) into trimmed, distinct, non-empty items.</summary>
    public static IReadOnlyList<string> SplitList(string? cell) =>
        string.IsNullOrWhiteSpace(cell)
            ? []
            : cell.Split(ListSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();

    private static bool HasControl(string text) => text.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029');

    private static string Printable(string text) => new(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
