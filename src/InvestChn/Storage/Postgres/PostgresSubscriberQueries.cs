using Dapper;
using InvestChn.Storage.Sqlite;
using InvestChn.Subscribers;

namespace InvestChn.Storage.Postgres;

/// <summary>The admin API's subscriber queries on PostgreSQL; rows map as in SQLite (<see cref="SubscriberRow"/>).</summary>
public sealed class PostgresSubscriberQueries(PostgresDatabase database, TimeProvider time) : ISubscriberQueries
{
    // Lists hold one item per line, so a whole line equal to the slug is the slug, never a prefix of
    // another. Absent filters are typed nulls, so the server knows what each parameter is.
    private const string Where =
        """
        WHERE (@status::text IS NULL OR status = @status::text)
          AND (@frequency::text IS NULL OR frequency = @frequency::text)
          AND (@channel::text IS NULL OR strpos(E'\n' || channels || E'\n', E'\n' || @channel::text || E'\n') > 0)
          AND (@search::text IS NULL OR strpos(email_key, lower(@search::text)) > 0 OR strpos(lower(name), lower(@search::text)) > 0)
        """;

    public async Task<ResultPage<Subscriber>> ListAsync(SubscriberQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new
        {
            status = query.Status is { } s ? Names.Of(s) : null,
            frequency = query.Frequency is { } f ? Names.Of(f) : null,
            channel = string.IsNullOrEmpty(query.Channel) ? null : query.Channel,
            search = string.IsNullOrEmpty(query.Search) ? null : query.Search,
            offset = Math.Max(0, query.Offset),
            limit = Math.Max(0, query.Limit),
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM subscribers {Where}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<SubscriberRow>(new CommandDefinition(
            $"SELECT {SubscriberRow.Columns} FROM subscribers {Where} ORDER BY email_key LIMIT @limit OFFSET @offset", parameters, cancellationToken: cancellationToken));
        return new ResultPage<Subscriber>(rows.Select(r => r.ToSubscriber()).ToList(), total);
    }

    public async Task<Subscriber?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriberRow>(new CommandDefinition(
            $"SELECT {SubscriberRow.Columns} FROM subscribers WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToSubscriber();
    }

    public async Task<IReadOnlyDictionary<SubscriberStatus, long>> CountByStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(
            "SELECT status, COUNT(*) FROM subscribers GROUP BY status", cancellationToken: cancellationToken))).ToList();
        return Enum.GetValues<SubscriberStatus>().ToDictionary(s => s, s => rows.Where(r => r.Status == Names.Of(s)).Sum(r => r.Count));
    }

    public async Task<bool> UnsubscribeAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE subscribers SET status = 'unsubscribed', updated_at = @now WHERE id = @id",
            new { id, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return changed > 0;
    }
}
