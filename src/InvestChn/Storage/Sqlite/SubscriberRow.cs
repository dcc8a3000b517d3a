using InvestChn.Subscribers;

namespace InvestChn.Storage.Sqlite;

/// <summary>A <c>subscribers</c> row as SQLite holds it: times as Unix milliseconds, lists one item per line.</summary>
internal sealed class SubscriberRow
{
    public const string Columns =
        "id AS Id, email AS Email, name AS Name, status AS Status, frequency AS Frequency, channels AS Channels, " +
        "keywords AS Keywords, token AS Token, cursor_seq AS CursorSequence, hard_failures AS HardFailures, " +
        "created_at AS CreatedAt, confirmed_at AS ConfirmedAt";

    public long Id { get; set; }

    public string Email { get; set; } = "";

    public string Name { get; set; } = "";

    public string Status { get; set; } = "";

    public string Frequency { get; set; } = "";

    public string Channels { get; set; } = "";

    public string Keywords { get; set; } = "";

    public string Token { get; set; } = "";

    public long CursorSequence { get; set; }

    public long HardFailures { get; set; }

    public long CreatedAt { get; set; }

    public long? ConfirmedAt { get; set; }

    public static string JoinList(IReadOnlyList<string> items) => string.Join('\n', items);

    public static IReadOnlyList<string> SplitList(string text) =>
        text.Length == 0 ? [] : text.Split('\n');

    public Subscriber ToSubscriber() => new(
        Id,
        Email,
        Name,
        Names.ParseStatus(Status),
        Names.ParseFrequency(Frequency),
        SplitList(Channels),
        SplitList(Keywords),
        Token,
        CursorSequence,
        (int)HardFailures,
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        ConfirmedAt is { } confirmed ? DateTimeOffset.FromUnixTimeMilliseconds(confirmed) : null);
}
