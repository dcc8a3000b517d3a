using System.Globalization;
using Dapper;
using InvestChn.Storage.Sqlite;
using InvestChn.Subscribers;
using Npgsql;
using NpgsqlTypes;

namespace InvestChn.Storage.Postgres;

/// <summary>
/// Editions and the outbox on PostgreSQL, shared by every node. A claim is one statement that
/// picks due rows with <c>FOR UPDATE SKIP LOCKED</c> and leases them, so nodes draining at once
/// take disjoint rows without waiting for each other.
/// </summary>
public sealed class PostgresDigestStore(PostgresDatabase database, TimeProvider time) : IDigestStore, IDisposable
{
    private readonly ResultGroupCommit _results = new(static e => e is NpgsqlException);

    private const string EditionColumns =
        "id AS Id, frequency AS Frequency, scheduled_at AS ScheduledAt, through_seq AS ThroughSequence, created_at AS CreatedAt, planned_at AS PlannedAt";

    /// <summary>The kinds of due rows, in the order they are claimed: lost leases (never one's own), due retries, new rows; each over its own index.</summary>
    private static readonly string[] DueKinds =
    [
        "status = 'sending' AND lease_until <= @now AND lease_owner <> @owner ORDER BY lease_until",
        "status = 'deferred' AND next_attempt_at <= @now ORDER BY next_attempt_at",
        "status = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at",
    ];

    private static readonly string ClaimedSubscriberColumns = string.Join(", ", SubscriberRow.Columns.Split(", ").Select(c => "s." + c));

    public async Task<Edition> OpenEditionAsync(DigestFrequency frequency, DateTimeOffset scheduledAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var parameters = new { frequency = Names.Of(frequency), scheduled = scheduledAt.ToUnixTimeMilliseconds(), now = Now() };
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO editions (frequency, scheduled_at, through_seq, created_at)
            VALUES (@frequency, @scheduled, (SELECT COALESCE(MAX(import_seq), 0) FROM articles), @now)
            ON CONFLICT (frequency, scheduled_at) DO NOTHING
            """,
            parameters,
            cancellationToken: cancellationToken));
        var row = await connection.QuerySingleAsync<EditionRow>(new CommandDefinition(
            $"SELECT {EditionColumns} FROM editions WHERE frequency = @frequency AND scheduled_at = @scheduled", parameters, cancellationToken: cancellationToken));
        return row.ToEdition();
    }

    public async Task<Edition?> FindLatestEditionAsync(DigestFrequency frequency, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<EditionRow>(new CommandDefinition(
            $"SELECT {EditionColumns} FROM editions WHERE frequency = @frequency ORDER BY scheduled_at DESC LIMIT 1",
            new { frequency = Names.Of(frequency) },
            cancellationToken: cancellationToken));
        return row?.ToEdition();
    }

    public async Task<long?> GetLowestCursorAsync(DigestFrequency frequency, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MIN(cursor_seq) FROM subscribers WHERE status = 'active' AND frequency = @frequency",
            new { frequency = Names.Of(frequency) },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Subscriber>> ListUnplannedAsync(Edition edition, long afterId, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edition);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SubscriberRow>(new CommandDefinition(
            $"""
            SELECT {SubscriberRow.Columns} FROM subscribers s
            WHERE s.status = 'active' AND s.frequency = @frequency AND s.id > @afterId
              AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.edition_id = @edition AND d.subscriber_id = s.id)
            ORDER BY s.id LIMIT @take
            """,
            new { frequency = Names.Of(edition.Frequency), afterId, edition = edition.Id, take },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToSubscriber()).ToList();
    }

    public async Task<IReadOnlySet<long>> AddDeliveriesAsync(Edition edition, IReadOnlyList<PlannedDelivery> deliveries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edition);
        ArgumentNullException.ThrowIfNull(deliveries);
        if (deliveries.Count == 0)
        {
            return new HashSet<long>();
        }

        await using var connection = await database.OpenAsync(cancellationToken);

        // One statement for the whole batch: rows another node already wrote are left alone, and
        // only the subscribers whose row is new have their cursor moved.
        var added = await connection.QueryAsync<long>(new CommandDefinition(
            """
            WITH input AS (
                SELECT * FROM unnest(@subscribers, @statuses, @articles, @updated, @counts, @messageIds, @reasons)
                    AS i (subscriber_id, status, articles, updated_articles, article_count, message_id, reason)),
            inserted AS (
                INSERT INTO deliveries (edition_id, subscriber_id, status, articles, updated_articles, article_count, message_id, next_attempt_at, reason, created_at, updated_at)
                SELECT @edition, subscriber_id, status, articles, updated_articles, article_count, message_id, @now, reason, @now, @now FROM input
                ON CONFLICT (edition_id, subscriber_id) DO NOTHING
                RETURNING subscriber_id),
            moved AS (
                UPDATE subscribers SET cursor_seq = GREATEST(cursor_seq, @through)
                WHERE id IN (SELECT subscriber_id FROM inserted))
            SELECT subscriber_id FROM inserted
            """,
            new
            {
                edition = edition.Id,
                now = Now(),
                through = edition.ThroughSequence,
                subscribers = deliveries.Select(d => d.SubscriberId).ToArray(),
                statuses = deliveries.Select(d => DeliveryStatusNames.Of(d.SkipReason is null ? DeliveryStatus.Pending : DeliveryStatus.Skipped)).ToArray(),
                articles = deliveries.Select(d => string.Join(',', d.ArticleSequences.Select(s => s.ToString(CultureInfo.InvariantCulture)))).ToArray(),
                updated = deliveries.Select(d => string.Join(',', d.UpdatedSequences.Order().Select(s => s.ToString(CultureInfo.InvariantCulture)))).ToArray(),
                counts = deliveries.Select(d => (long)d.ArticleSequences.Count).ToArray(),
                messageIds = deliveries.Select(d => d.MessageId).ToArray(),
                reasons = deliveries.Select(d => d.SkipReason).ToArray(),
            },
            cancellationToken: cancellationToken));
        return added.ToHashSet();
    }

    public async Task<IReadOnlyDictionary<long, IReadOnlyDictionary<long, DateTimeOffset>>> GetLastOfferedAsync(
        IReadOnlyCollection<long> subscriberIds, IReadOnlyCollection<long> sequences, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriberIds);
        ArgumentNullException.ThrowIfNull(sequences);
        var result = new Dictionary<long, IReadOnlyDictionary<long, DateTimeOffset>>();
        if (subscriberIds.Count == 0 || sequences.Count == 0)
        {
            return result;
        }

        var wanted = sequences.ToHashSet();
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Subscriber, string Articles, long At)>(new CommandDefinition(
            """
            SELECT subscriber_id, articles, COALESCE(sent_at, created_at) FROM deliveries
            WHERE subscriber_id = ANY(@subscriberIds) AND status IN ('pending', 'sending', 'sent', 'deferred') AND article_count > 0 AND created_at >= @notBefore
            """,
            new { subscriberIds = subscriberIds.ToArray(), notBefore = notBefore.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        foreach (var row in rows)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(row.At);
            foreach (var sequence in ClaimRow.ParseSequences(row.Articles).Where(wanted.Contains))
            {
                if (!result.TryGetValue(row.Subscriber, out var offered))
                {
                    result[row.Subscriber] = offered = new Dictionary<long, DateTimeOffset>();
                }

                var map = (Dictionary<long, DateTimeOffset>)offered;
                if (!map.TryGetValue(sequence, out var previous) || previous < at)
                {
                    map[sequence] = at;
                }
            }
        }

        return result;
    }

    public async Task MarkPlannedAsync(Edition edition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edition);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE editions SET planned_at = COALESCE(planned_at, @now) WHERE id = @id", new { now = Now(), id = edition.Id }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<OutboxItem>> ClaimAsync(string owner, int take, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = Now();
        var until = now + (long)lease.TotalMilliseconds;
        var items = new List<OutboxItem>(take);
        foreach (var kind in DueKinds)
        {
            var left = take - items.Count;
            if (left <= 0)
            {
                break;
            }

            // Pick, lock (skipping rows another node is claiming right now), lease and read back
            // in one statement: a row is either this claim's or not, with no window in between.
            items.AddRange(await connection.QueryAsync<ClaimRow, SubscriberRow, OutboxItem>(new CommandDefinition(
                $"""
                WITH picked AS (
                    SELECT id FROM deliveries WHERE {kind} LIMIT @left FOR UPDATE SKIP LOCKED),
                claimed AS (
                    UPDATE deliveries d SET status = 'sending', lease_owner = @owner, lease_until = @until, attempts = d.attempts + 1, updated_at = @now
                    FROM picked WHERE d.id = picked.id
                    RETURNING d.id, d.kind, d.edition_id, d.subscriber_id, d.articles, d.updated_articles, d.message_id, d.attempts, d.lease_until, d.created_at)
                SELECT c.id AS DeliveryId, c.articles AS Articles, c.updated_articles AS UpdatedArticles, c.message_id AS MessageId, c.attempts AS Attempts, c.lease_until AS LeaseUntil,
                       c.kind AS Kind, c.created_at AS QueuedAt,
                       e.id AS EditionId, e.frequency AS EditionFrequency, e.scheduled_at AS ScheduledAt, e.through_seq AS ThroughSequence, e.created_at AS EditionCreatedAt, e.planned_at AS PlannedAt,
                       {ClaimedSubscriberColumns}
                FROM claimed c LEFT JOIN editions e ON e.id = c.edition_id JOIN subscribers s ON s.id = c.subscriber_id
                """,
                new { now, owner, until, left },
                cancellationToken: cancellationToken),
                (claim, subscriber) => claim.ToItem(subscriber.ToSubscriber()),
                splitOn: "Id"));
        }

        items.Sort((a, b) => a.DeliveryId.CompareTo(b.DeliveryId));
        return items;
    }

    public async Task<bool> RenewAsync(long deliveryId, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = Now();
        var renewed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE deliveries SET lease_until = @until, updated_at = @now WHERE id = @deliveryId AND status = 'sending' AND lease_owner = @owner",
            new { until = now + (long)lease.TotalMilliseconds, now, deliveryId, owner },
            cancellationToken: cancellationToken));
        return renewed == 1;
    }

    /// <summary>Records one result and returns once it is committed, with the results of other senders in one transaction and one round trip (<see cref="ResultGroupCommit"/>).</summary>
    public Task<bool> CompleteAsync(DeliveryResult result, string owner, int bounceLimit, CancellationToken cancellationToken = default) =>
        _results.CompleteAsync(result, owner, bounceLimit, WriteBatchAsync, cancellationToken);

    private async Task<bool[]> WriteBatchAsync(List<PendingResult> batch)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var commands = new NpgsqlBatch(connection, transaction);
        var now = Now();
        foreach (var pending in batch)
        {
            var result = pending.Result;
            var command = new NpgsqlBatchCommand(
                """
                WITH done AS (
                    UPDATE deliveries SET status = @status, lease_owner = NULL, lease_until = NULL, updated_at = @now,
                        last_reply = CASE WHEN @skipped THEN last_reply ELSE @reply END,
                        reason = CASE WHEN @skipped THEN @reply WHEN @sent THEN NULL ELSE reason END,
                        next_attempt_at = COALESCE(@next, next_attempt_at),
                        sent_at = CASE WHEN @sent THEN @now ELSE sent_at END
                    WHERE id = @id AND status = 'sending' AND lease_owner = @owner
                    RETURNING subscriber_id),
                counted AS (
                    UPDATE subscribers SET
                        hard_failures = CASE WHEN @sent THEN 0 ELSE hard_failures + 1 END,
                        updated_at = CASE WHEN @sent THEN updated_at ELSE @now END,
                        status = CASE WHEN NOT @sent AND hard_failures + 1 >= @bounceLimit AND status = 'active' THEN 'bounced' ELSE status END
                    WHERE id IN (SELECT subscriber_id FROM done) AND ((@sent AND hard_failures > 0) OR @bounce))
                SELECT COUNT(*) FROM done
                """);
            var sent = result.Status == DeliveryStatus.Sent;
            command.Parameters.Add(new NpgsqlParameter<string>("status", DeliveryStatusNames.Of(result.Status)));
            command.Parameters.Add(new NpgsqlParameter<long>("now", now));
            command.Parameters.Add(new NpgsqlParameter<bool>("skipped", result.Status == DeliveryStatus.Skipped));
            command.Parameters.Add(new NpgsqlParameter<string>("reply", result.Reply));
            command.Parameters.Add(new NpgsqlParameter("next", NpgsqlDbType.Bigint) { Value = result.NextAttemptAt is { } next ? next.ToUnixTimeMilliseconds() : DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter<bool>("sent", sent));
            command.Parameters.Add(new NpgsqlParameter<long>("id", result.DeliveryId));
            command.Parameters.Add(new NpgsqlParameter<string>("owner", pending.Owner));
            command.Parameters.Add(new NpgsqlParameter<bool>("bounce", !sent && result.HardBounce));
            command.Parameters.Add(new NpgsqlParameter<long>("bounceLimit", pending.BounceLimit));
            commands.BatchCommands.Add(command);
        }

        var updated = new bool[batch.Count];
        await using (var reader = await commands.ExecuteReaderAsync())
        {
            for (var i = 0; i < batch.Count; i++)
            {
                await reader.ReadAsync();
                updated[i] = reader.GetInt64(0) == 1;
                await reader.NextResultAsync();
            }
        }

        await transaction.CommitAsync();
        return updated;
    }

    public async Task ReleaseAsync(IReadOnlyCollection<long> deliveryIds, string owner, DateTimeOffset dueAt, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryIds);
        if (deliveryIds.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE deliveries SET attempts = attempts - 1, lease_owner = NULL, lease_until = NULL, updated_at = @now,
                status = CASE WHEN attempts - 1 = 0 THEN 'pending' ELSE 'deferred' END,
                next_attempt_at = @due, reason = @reason
            WHERE id = ANY(@deliveryIds) AND status = 'sending' AND lease_owner = @owner
            """,
            new { now = Now(), due = dueAt.ToUnixTimeMilliseconds(), reason, deliveryIds = deliveryIds.ToArray(), owner },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(DeliveryStatus? status, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeliveryRecordRow>(new CommandDefinition(
            """
            SELECT d.id AS Id, COALESCE(e.frequency, s.frequency) AS Frequency, COALESCE(e.scheduled_at, d.created_at) AS ScheduledAt, s.id AS SubscriberId, s.email AS Email, d.status AS Status,
                   d.article_count AS ArticleCount, d.attempts AS Attempts, d.next_attempt_at AS NextAttemptAt, d.reason AS Reason,
                   d.last_reply AS LastReply, d.message_id AS MessageId, d.updated_at AS UpdatedAt, d.sent_at AS SentAt
            FROM deliveries d LEFT JOIN editions e ON e.id = d.edition_id JOIN subscribers s ON s.id = d.subscriber_id
            WHERE @status::text IS NULL OR d.status = @status::text
            ORDER BY e.scheduled_at DESC NULLS LAST, s.email_key LIMIT @limit
            """,
            new { status = status is { } s ? DeliveryStatusNames.Of(s) : null, limit = limit <= 0 ? (long?)null : limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyDictionary<DeliveryStatus, long>> CountDeliveriesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(
            "SELECT status, COUNT(*) FROM deliveries GROUP BY status", cancellationToken: cancellationToken));
        return Enum.GetValues<DeliveryStatus>().ToDictionary(s => s, s => rows.Where(r => r.Status == DeliveryStatusNames.Of(s)).Sum(r => r.Count));
    }

    public async Task<(long Count, DateTimeOffset? Until)> CountLeasedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var (count, until) = await connection.QuerySingleAsync<(long, long?)>(new CommandDefinition(
            "SELECT COUNT(*), MAX(lease_until) FROM deliveries WHERE status = 'sending' AND lease_until > @now", new { now = Now() }, cancellationToken: cancellationToken));
        return (count, until is { } u ? DateTimeOffset.FromUnixTimeMilliseconds(u) : null);
    }

    public async Task<int> MakeDueAsync(bool includeFailed, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE deliveries SET next_attempt_at = @now, updated_at = @now,
                attempts = CASE WHEN status = 'failed' THEN 0 ELSE attempts END,
                status = CASE WHEN status = 'failed' THEN 'deferred' ELSE status END
            WHERE status = 'deferred' OR (@includeFailed AND status = 'failed')
            """,
            new { now = Now(), includeFailed },
            cancellationToken: cancellationToken));
    }

    public void Dispose() => _results.Dispose();

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
