using System.Data.Common;
using Dapper;
using InvestChn.Storage.Sqlite;
using InvestChn.Subscribers;

namespace InvestChn.Storage;

/// <summary>The admin API's subscriber queries, written once for SQLite and PostgreSQL; a provider says how it opens a connection.</summary>
public abstract class SubscriberQueries(SqlDialect dialect, TimeProvider time) : ISubscriberQueries
{
    // Lists hold one item per line, so a whole line equal to the slug is the slug, never a prefix of
    // another. Absent filters are typed nulls, so PostgreSQL knows what each parameter is.
    private readonly string _where =
        $"""
        WHERE (CAST(@status AS TEXT) IS NULL OR status = CAST(@status AS TEXT))
          AND (CAST(@frequency AS TEXT) IS NULL OR frequency = CAST(@frequency AS TEXT))
          AND (CAST(@channel AS TEXT) IS NULL OR {dialect.ContainsText("@nl || channels || @nl", "@nl || CAST(@channel AS TEXT) || @nl")})
          AND (CAST(@search AS TEXT) IS NULL OR {dialect.ContainsText("email_key", "lower(CAST(@search AS TEXT))")} OR {dialect.ContainsText("lower(name)", "lower(CAST(@search AS TEXT))")})
        """;

    /// <summary>An open connection of the provider.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    public async Task<ResultPage<Subscriber>> ListAsync(SubscriberQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new
        {
            status = query.Status is { } s ? Names.Of(s) : null,
            frequency = query.Frequency is { } f ? Names.Of(f) : null,
            channel = string.IsNullOrEmpty(query.Channel) ? null : query.Channel,
            search = string.IsNullOrEmpty(query.Search) ? null : query.Search,
            nl = "\n",
            offset = Math.Max(0, query.Offset),
            limit = Math.Max(0, query.Limit),
        };
        await using var connection = await OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM subscribers {_where}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<SubscriberRow>(new CommandDefinition(
            $"SELECT {SubscriberRow.Columns} FROM subscribers {_where} ORDER BY email_key LIMIT @limit OFFSET @offset", parameters, cancellationToken: cancellationToken));
        return new ResultPage<Subscriber>(rows.Select(r => r.ToSubscriber()).ToList(), total);
    }

    public async Task<Subscriber?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriberRow>(new CommandDefinition(
            $"SELECT {SubscriberRow.Columns} FROM subscribers WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToSubscriber();
    }

    public async Task<IReadOnlyDictionary<SubscriberStatus, long>> CountByStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(
            "SELECT status, COUNT(*) FROM subscribers GROUP BY status", cancellationToken: cancellationToken))).ToList();
        return Enum.GetValues<SubscriberStatus>().ToDictionary(s => s, s => rows.Where(r => r.Status == Names.Of(s)).Sum(r => r.Count));
    }

    public async Task<bool> UnsubscribeAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE subscribers SET status = 'unsubscribed', updated_at = @now WHERE id = @id",
            new { id, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return changed > 0;
    }
}
