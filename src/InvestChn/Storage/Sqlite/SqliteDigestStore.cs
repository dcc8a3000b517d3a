using System.Globalization;
using Dapper;
using InvestChn.Subscribers;
using Microsoft.Data.Sqlite;

namespace InvestChn.Storage.Sqlite;

/// <summary>Editions and the outbox on the embedded SQLite file. Claims and results run in immediate transactions, so two processes never hold one row.</summary>
public sealed class SqliteDigestStore(SqliteDatabase database, TimeProvider time) : IDigestStore, IDisposable, IAsyncDisposable
{
    private readonly ResultGroupCommit _results = new(static e => e is SqliteException);
    private ResultWriter? _resultWriter;

    private const string EditionColumns =
        "id AS Id, frequency AS Frequency, scheduled_at AS ScheduledAt, through_seq AS ThroughSequence, created_at AS CreatedAt, planned_at AS PlannedAt";

    public async Task<Edition> OpenEditionAsync(DigestFrequency frequency, DateTimeOffset scheduledAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
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
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<EditionRow>(new CommandDefinition(
            $"SELECT {EditionColumns} FROM editions WHERE frequency = @frequency ORDER BY scheduled_at DESC LIMIT 1",
            new { frequency = Names.Of(frequency) },
            cancellationToken: cancellationToken));
        return row?.ToEdition();
    }

    public async Task<long?> GetLowestCursorAsync(DigestFrequency frequency, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MIN(cursor_seq) FROM subscribers WHERE status = 'active' AND frequency = @frequency",
            new { frequency = Names.Of(frequency) },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Subscriber>> ListUnplannedAsync(Edition edition, long afterId, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edition);
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
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
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var now = Now();
        var added = new HashSet<long>();
        foreach (var delivery in deliveries)
        {
            var inserted = await connection.ExecuteAsync(
                """
                INSERT INTO deliveries (edition_id, subscriber_id, status, articles, updated_articles, article_count, message_id, next_attempt_at, reason, created_at, updated_at)
                VALUES (@edition, @subscriber, @status, @articles, @updated, @count, @messageId, @now, @reason, @now, @now)
                ON CONFLICT (edition_id, subscriber_id) DO NOTHING
                """,
                new
                {
                    edition = edition.Id, subscriber = delivery.SubscriberId,
                    status = DeliveryStatusNames.Of(delivery.SkipReason is null ? DeliveryStatus.Pending : DeliveryStatus.Skipped),
                    articles = string.Join(',', delivery.ArticleSequences.Select(s => s.ToString(CultureInfo.InvariantCulture))),
                    updated = string.Join(',', delivery.UpdatedSequences.Order().Select(s => s.ToString(CultureInfo.InvariantCulture))),
                    count = delivery.ArticleSequences.Count, messageId = delivery.MessageId, now, reason = delivery.SkipReason,
                },
                transaction);
            if (inserted == 0)
            {
                continue;
            }

            // The cursor only moves with a new row: planning the same edition again changes nothing.
            await connection.ExecuteAsync(
                "UPDATE subscribers SET cursor_seq = MAX(cursor_seq, @through) WHERE id = @subscriber",
                new { through = edition.ThroughSequence, subscriber = delivery.SubscriberId },
                transaction);
            added.Add(delivery.SubscriberId);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
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
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        var rows = await connection.QueryAsync<(long Subscriber, string Articles, long At)>(new CommandDefinition(
            """
            SELECT subscriber_id, articles, COALESCE(sent_at, created_at) FROM deliveries
            WHERE subscriber_id IN @subscriberIds AND status IN ('pending', 'sending', 'sent', 'deferred') AND article_count > 0 AND created_at >= @notBefore
            """,
            new { subscriberIds, notBefore = notBefore.ToUnixTimeMilliseconds() },
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
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE editions SET planned_at = COALESCE(planned_at, @now) WHERE id = @id", new { now = Now(), id = edition.Id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The kinds of due rows, in the order they are claimed, each read over its own index, oldest
    /// first: lost leases (never one's own: a row this owner still holds in its queue is renewed
    /// before it is sent), due retries, new rows.
    /// </summary>
    internal static readonly string[] DueQueries =
    [
        "SELECT id FROM deliveries WHERE status = 'sending' AND lease_until <= @now AND lease_owner <> @owner ORDER BY lease_until LIMIT @left",
        "SELECT id FROM deliveries WHERE status = 'deferred' AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT @left",
        "SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT @left",
    ];

    public async Task<IReadOnlyList<OutboxItem>> ClaimAsync(string owner, int take, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var now = Now();
        var ids = new List<long>(take);

        foreach (var query in DueQueries)
        {
            var left = take - ids.Count;
            if (left <= 0)
            {
                break;
            }

            ids.AddRange(await connection.QueryAsync<long>(query, new { now, left, owner }, transaction));
        }

        if (ids.Count == 0)
        {
            return [];
        }

        var until = now + (long)lease.TotalMilliseconds;
        await connection.ExecuteAsync(
            "UPDATE deliveries SET status = 'sending', lease_owner = @owner, lease_until = @until, attempts = attempts + 1, updated_at = @now WHERE id IN @ids",
            new { owner, until, now, ids },
            transaction);
        // Split at the subscriber's own "Id" column: the delivery and edition come first.
        var items = await connection.QueryAsync<ClaimRow, SubscriberRow, OutboxItem>(
            $"""
            SELECT d.id AS DeliveryId, d.articles AS Articles, d.updated_articles AS UpdatedArticles, d.message_id AS MessageId, d.attempts AS Attempts, d.lease_until AS LeaseUntil,
                   d.kind AS Kind, d.created_at AS QueuedAt,
                   e.id AS EditionId, e.frequency AS EditionFrequency, e.scheduled_at AS ScheduledAt, e.through_seq AS ThroughSequence, e.created_at AS EditionCreatedAt, e.planned_at AS PlannedAt,
                   {string.Join(", ", SubscriberRow.Columns.Split(", ").Select(c => "s." + c))}
            FROM deliveries d LEFT JOIN editions e ON e.id = d.edition_id JOIN subscribers s ON s.id = d.subscriber_id
            WHERE d.id IN @ids ORDER BY d.id
            """,
            (claim, subscriber) => claim.ToItem(subscriber.ToSubscriber()),
            new { ids },
            transaction,
            splitOn: "Id");
        await transaction.CommitAsync(cancellationToken);
        return items.ToList();
    }

    public async Task<bool> RenewAsync(long deliveryId, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        var now = Now();
        var renewed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE deliveries SET lease_until = @until, updated_at = @now WHERE id = @deliveryId AND status = 'sending' AND lease_owner = @owner",
            new { until = now + (long)lease.TotalMilliseconds, now, deliveryId, owner },
            cancellationToken: cancellationToken));
        return renewed == 1;
    }

    /// <summary>Records one result and returns once it is committed, with the results of other senders in one transaction (<see cref="ResultGroupCommit"/>) on one kept connection.</summary>
    public Task<bool> CompleteAsync(DeliveryResult result, string owner, int bounceLimit, CancellationToken cancellationToken = default) =>
        _results.CompleteAsync(result, owner, bounceLimit, WriteBatchAsync, cancellationToken);

    public void Dispose() => _results.Exclusive(CloseResultWriter);

    public async ValueTask DisposeAsync() => await _results.ExclusiveAsync(CloseResultWriter);

    private void CloseResultWriter()
    {
        _resultWriter?.Dispose();
        _resultWriter = null;
    }

    private async Task<bool[]> WriteBatchAsync(List<PendingResult> batch)
    {
        try
        {
            _resultWriter ??= new ResultWriter(await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes));
            return _resultWriter.Write(batch, Now());
        }
        catch
        {
            // Start the next batch on a fresh connection.
            _resultWriter?.Dispose();
            _resultWriter = null;
            throw;
        }
    }

    public async Task ReleaseAsync(IReadOnlyCollection<long> deliveryIds, string owner, DateTimeOffset dueAt, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryIds);
        if (deliveryIds.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE deliveries SET attempts = attempts - 1, lease_owner = NULL, lease_until = NULL, updated_at = @now,
                status = CASE WHEN attempts - 1 = 0 THEN 'pending' ELSE 'deferred' END,
                next_attempt_at = @due, reason = @reason
            WHERE id IN @deliveryIds AND status = 'sending' AND lease_owner = @owner
            """,
            new { now = Now(), due = dueAt.ToUnixTimeMilliseconds(), reason, deliveryIds, owner },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(DeliveryStatus? status, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        var rows = await connection.QueryAsync<DeliveryRecordRow>(new CommandDefinition(
            """
            SELECT d.id AS Id, COALESCE(e.frequency, s.frequency) AS Frequency, COALESCE(e.scheduled_at, d.created_at) AS ScheduledAt, s.id AS SubscriberId, s.email AS Email, d.status AS Status,
                   d.article_count AS ArticleCount, d.attempts AS Attempts, d.next_attempt_at AS NextAttemptAt, d.reason AS Reason,
                   d.last_reply AS LastReply, d.message_id AS MessageId, d.updated_at AS UpdatedAt, d.sent_at AS SentAt
            FROM deliveries d LEFT JOIN editions e ON e.id = d.edition_id JOIN subscribers s ON s.id = d.subscriber_id
            WHERE @status IS NULL OR d.status = @status
            ORDER BY e.scheduled_at DESC, s.email_key LIMIT @limit
            """,
            new { status = status is { } s ? DeliveryStatusNames.Of(s) : null, limit = limit <= 0 ? -1 : limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyDictionary<DeliveryStatus, long>> CountDeliveriesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        var rows = await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(
            "SELECT status, COUNT(*) FROM deliveries GROUP BY status", cancellationToken: cancellationToken));
        return Enum.GetValues<DeliveryStatus>().ToDictionary(s => s, s => rows.Where(r => r.Status == DeliveryStatusNames.Of(s)).Sum(r => r.Count));
    }

    public async Task<(long Count, DateTimeOffset? Until)> CountLeasedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        var (count, until) = await connection.QuerySingleAsync<(long, long?)>(new CommandDefinition(
            "SELECT COUNT(*), MAX(lease_until) FROM deliveries WHERE status = 'sending' AND lease_until > @now", new { now = Now() }, cancellationToken: cancellationToken));
        return (count, until is { } u ? DateTimeOffset.FromUnixTimeMilliseconds(u) : null);
    }

    public async Task<int> MakeDueAsync(bool includeFailed, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
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

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The kept connection and prepared statements that record results; used by one writer at a time.</summary>
    private sealed class ResultWriter : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _delivery;
        private readonly SqliteCommand _sent;
        private readonly SqliteCommand _bounced;

        public ResultWriter(SqliteConnection connection)
        {
            _connection = connection;
            _delivery = Command(
                """
                UPDATE deliveries SET status = @status, lease_owner = NULL, lease_until = NULL, updated_at = @now,
                    last_reply = CASE WHEN @skipped THEN last_reply ELSE @reply END,
                    reason = CASE WHEN @skipped THEN @reply WHEN @sent THEN NULL ELSE reason END,
                    next_attempt_at = COALESCE(@next, next_attempt_at),
                    sent_at = CASE WHEN @sent THEN @now ELSE sent_at END
                WHERE id = @id AND status = 'sending' AND lease_owner = @owner
                """,
                "@status", "@now", "@skipped", "@reply", "@next", "@sent", "@id", "@owner");
            _sent = Command("UPDATE subscribers SET hard_failures = 0 WHERE id = @id AND hard_failures > 0", "@id");
            _bounced = Command(
                """
                UPDATE subscribers SET hard_failures = hard_failures + 1, updated_at = @now,
                    status = CASE WHEN hard_failures + 1 >= @bounceLimit AND status = 'active' THEN 'bounced' ELSE status END
                WHERE id = @id
                """,
                "@id", "@bounceLimit", "@now");
        }

        /// <summary>Applies the results in one immediate transaction; for each, whether its row was still this sender's.</summary>
        public bool[] Write(List<PendingResult> batch, long now)
        {
            var updated = new bool[batch.Count];
            using var transaction = _connection.BeginTransaction();
            _delivery.Transaction = _sent.Transaction = _bounced.Transaction = transaction;
            for (var i = 0; i < batch.Count; i++)
            {
                var (result, owner) = (batch[i].Result, batch[i].Owner);
                var sent = result.Status == DeliveryStatus.Sent;
                var skipped = result.Status == DeliveryStatus.Skipped;
                Set(_delivery, "@status", DeliveryStatusNames.Of(result.Status));
                Set(_delivery, "@now", now);
                Set(_delivery, "@skipped", skipped);
                Set(_delivery, "@reply", result.Reply);
                Set(_delivery, "@next", result.NextAttemptAt?.ToUnixTimeMilliseconds());
                Set(_delivery, "@sent", sent);
                Set(_delivery, "@id", result.DeliveryId);
                Set(_delivery, "@owner", owner);
                updated[i] = _delivery.ExecuteNonQuery() == 1;
                if (updated[i] && sent)
                {
                    Set(_sent, "@id", result.SubscriberId);
                    _sent.ExecuteNonQuery();
                }
                else if (updated[i] && result.HardBounce)
                {
                    Set(_bounced, "@id", result.SubscriberId);
                    Set(_bounced, "@bounceLimit", batch[i].BounceLimit);
                    Set(_bounced, "@now", now);
                    _bounced.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            return updated;
        }

        public void Dispose()
        {
            _delivery.Dispose();
            _sent.Dispose();
            _bounced.Dispose();
            _connection.Dispose();
        }

        private static void Set(SqliteCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;

        private SqliteCommand Command(string sql, params string[] parameters)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            return command;
        }
    }
}
