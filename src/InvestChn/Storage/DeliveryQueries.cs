using System.Data.Common;
using Dapper;
using InvestChn.Subscribers;

namespace InvestChn.Storage;

/// <summary>The admin API's outbox queries, the same SQL on SQLite and PostgreSQL; a provider says how it opens a connection.</summary>
public abstract class DeliveryQueries : IDeliveryQueries
{
    /// <summary>An open connection of the provider.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    // Absent filters are typed nulls, so PostgreSQL knows what each parameter is (SQLite takes the casts as they are).
    private const string From =
        """
        FROM deliveries d JOIN editions e ON e.id = d.edition_id JOIN subscribers s ON s.id = d.subscriber_id
        WHERE (CAST(@status AS TEXT) IS NULL OR d.status = CAST(@status AS TEXT))
          AND (CAST(@frequency AS TEXT) IS NULL OR e.frequency = CAST(@frequency AS TEXT))
          AND (CAST(@edition AS BIGINT) IS NULL OR d.edition_id = CAST(@edition AS BIGINT))
          AND (CAST(@email AS TEXT) IS NULL OR s.email_key = CAST(@email AS TEXT))
        """;

    public async Task<ResultPage<DeliveryRecord>> ListAsync(DeliveryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new
        {
            status = query.Status is { } s ? DeliveryStatusNames.Of(s) : null,
            frequency = query.Frequency is { } f ? Names.Of(f) : null,
            edition = query.EditionId,
            email = string.IsNullOrWhiteSpace(query.Email) ? null : SubscriberRules.EmailKey(query.Email),
            offset = Math.Max(0, query.Offset),
            limit = Math.Max(0, query.Limit),
        };
        await using var connection = await OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) {From}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<DeliveryRecordRow>(new CommandDefinition(
            $"""
            SELECT d.id AS Id, e.frequency AS Frequency, e.scheduled_at AS ScheduledAt, s.id AS SubscriberId, s.email AS Email, d.status AS Status,
                   d.article_count AS ArticleCount, d.attempts AS Attempts, d.next_attempt_at AS NextAttemptAt, d.reason AS Reason,
                   d.last_reply AS LastReply, d.message_id AS MessageId, d.updated_at AS UpdatedAt, d.sent_at AS SentAt
            {From}
            ORDER BY e.scheduled_at DESC, e.id DESC, s.email_key LIMIT @limit OFFSET @offset
            """,
            parameters,
            cancellationToken: cancellationToken));
        return new ResultPage<DeliveryRecord>(rows.Select(r => r.ToRecord()).ToList(), total);
    }

    public async Task<IReadOnlyList<EditionDeliveryCounts>> CountByEditionAsync(int editions, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<CountRow>(new CommandDefinition(
            """
            WITH latest AS (SELECT * FROM editions ORDER BY scheduled_at DESC, id DESC LIMIT @editions)
            SELECT l.id AS Id, l.frequency AS Frequency, l.scheduled_at AS ScheduledAt, l.through_seq AS ThroughSequence,
                   l.created_at AS CreatedAt, l.planned_at AS PlannedAt, d.status AS Status, COUNT(d.id) AS Count
            FROM latest l LEFT JOIN deliveries d ON d.edition_id = l.id
            GROUP BY l.id, l.frequency, l.scheduled_at, l.through_seq, l.created_at, l.planned_at, d.status
            ORDER BY l.scheduled_at DESC, l.id DESC
            """,
            new { editions = Math.Max(0, editions) },
            cancellationToken: cancellationToken))).ToList();
        return rows.GroupBy(r => r.Id)
            .Select(g =>
            {
                var first = g.First();
                var edition = first.ToEdition();
                var counts = Enum.GetValues<DeliveryStatus>().ToDictionary(s => s, s => g.Where(r => r.Status == DeliveryStatusNames.Of(s)).Sum(r => r.Count));
                return new EditionDeliveryCounts(edition, counts);
            })
            .ToList();
    }

    /// <summary>An edition with the number of its deliveries in one status.</summary>
    private sealed class CountRow : EditionRow
    {
        public string? Status { get; set; }

        public long Count { get; set; }
    }
}
