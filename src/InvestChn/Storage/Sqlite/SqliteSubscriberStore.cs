using Dapper;
using InvestChn.Subscribers;
using Microsoft.Data.Sqlite;

namespace InvestChn.Storage.Sqlite;

/// <summary>The subscriber store on the embedded SQLite file.</summary>
public sealed class SqliteSubscriberStore(SqliteDatabase database, SubscriberTokens tokens, TimeProvider time) : ISubscriberStore
{
    public async Task<IReadOnlyList<SubscriberSaveResult>> SaveAsync(IReadOnlyList<SubscriberInput> inputs, SubscriberStatus newStatus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (newStatus is not (SubscriberStatus.Active or SubscriberStatus.Pending))
        {
            throw new ArgumentOutOfRangeException(nameof(newStatus), newStatus, "New subscribers are active or pending.");
        }

        // Tokens are made before the transaction: the first may read the signing key from the store.
        var newTokens = new string[inputs.Count];
        for (var i = 0; i < newTokens.Length; i++)
        {
            newTokens[i] = await tokens.CreateAsync(cancellationToken);
        }

        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();

        // A subscriber confirmed now is offered what is imported from now on, not the backlog.
        var newest = await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(import_seq), 0) FROM articles", transaction: transaction);
        var results = new List<SubscriberSaveResult>(inputs.Count);
        for (var index = 0; index < inputs.Count; index++)
        {
            var input = inputs[index];
            var key = SubscriberRules.EmailKey(input.Email);
            var existing = await connection.QuerySingleOrDefaultAsync<SubscriberRow>(
                $"SELECT {SubscriberRow.Columns} FROM subscribers WHERE email_key = @key", new { key }, transaction);
            var channels = SubscriberRow.JoinList(input.Channels);
            var keywords = SubscriberRow.JoinList(input.Keywords);
            if (existing is null)
            {
                var active = newStatus == SubscriberStatus.Active;
                await connection.ExecuteAsync(
                    """
                    INSERT INTO subscribers (email, email_key, name, status, frequency, channels, keywords, token, cursor_seq, created_at, confirmed_at, updated_at)
                    VALUES (@Email, @key, @Name, @status, @frequency, @channels, @keywords, @token, @cursor, @now, @confirmed, @now)
                    """,
                    new
                    {
                        input.Email, key, input.Name, status = Names.Of(newStatus), frequency = Names.Of(input.Frequency), channels, keywords,
                        token = newTokens[index], cursor = active ? newest : 0, now, confirmed = active ? now : (long?)null,
                    },
                    transaction);
                results.Add(new SubscriberSaveResult(SubscriberSaveOutcome.Added, await GetAsync(connection, transaction, key)));
                continue;
            }

            var activate = existing.Status == Names.Of(SubscriberStatus.Pending) && newStatus == SubscriberStatus.Active;
            var changed = activate || existing.Email != input.Email || existing.Name != input.Name ||
                existing.Frequency != Names.Of(input.Frequency) || existing.Channels != channels || existing.Keywords != keywords;
            if (changed)
            {
                await connection.ExecuteAsync(
                    """
                    UPDATE subscribers SET email = @Email, name = @Name, frequency = @frequency, channels = @channels, keywords = @keywords,
                        status = CASE WHEN @activate THEN 'active' ELSE status END,
                        confirmed_at = CASE WHEN @activate THEN @now ELSE confirmed_at END,
                        cursor_seq = CASE WHEN @activate THEN @newest ELSE cursor_seq END,
                        updated_at = @now
                    WHERE id = @Id
                    """,
                    new { input.Email, input.Name, frequency = Names.Of(input.Frequency), channels, keywords, activate, now, newest, existing.Id },
                    transaction);
            }

            results.Add(new SubscriberSaveResult(
                changed ? SubscriberSaveOutcome.Updated : SubscriberSaveOutcome.Unchanged,
                changed ? await GetAsync(connection, transaction, key) : existing.ToSubscriber()));
        }

        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    public async Task<Subscriber?> FindAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriberRow>(new CommandDefinition(
            $"SELECT {SubscriberRow.Columns} FROM subscribers WHERE email_key = @key",
            new { key = SubscriberRules.EmailKey(email) },
            cancellationToken: cancellationToken));
        return row?.ToSubscriber();
    }

    public async Task<IReadOnlyList<Subscriber>> ListAsync(SubscriberStatus? status, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        var rows = await connection.QueryAsync<SubscriberRow>(new CommandDefinition(
            $"SELECT {SubscriberRow.Columns} FROM subscribers WHERE @status IS NULL OR status = @status ORDER BY email_key",
            new { status = status is { } s ? Names.Of(s) : null },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToSubscriber()).ToList();
    }

    public async Task<bool> RemoveAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM subscribers WHERE email_key = @key", new { key = SubscriberRules.EmailKey(email) }, cancellationToken: cancellationToken));
        return removed > 0;
    }

    private static async Task<Subscriber> GetAsync(SqliteConnection connection, SqliteTransaction transaction, string key) =>
        (await connection.QuerySingleAsync<SubscriberRow>(
            $"SELECT {SubscriberRow.Columns} FROM subscribers WHERE email_key = @key", new { key }, transaction)).ToSubscriber();
}
