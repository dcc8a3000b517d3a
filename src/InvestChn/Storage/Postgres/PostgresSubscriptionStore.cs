using System.Globalization;
using Dapper;
using InvestChn.Storage.Sqlite;
using InvestChn.Subscribers;

namespace InvestChn.Storage.Postgres;

/// <summary>
/// The public pages' subscriber operations on PostgreSQL; rows map as in SQLite
/// (<see cref="SubscriberRow"/>). A sign-up locks its subscriber row, so two at once for one
/// address, on any nodes, queue one email.
/// </summary>
public sealed class PostgresSubscriptionStore(PostgresDatabase database, TimeProvider time) : ISubscriptionStore
{
    /// <summary>32 bytes from the server's strong random source (two version-4 UUIDs, as migration 0004 makes the first key).</summary>
    private const string RandomKeySql = "decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex')";

    public async Task<SubscriptionRequestOutcome> RequestAsync(SubscriberInput input, string newToken, TimeSpan interval, string mailDomain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var key = SubscriberRules.EmailKey(input.Email);
        var channels = SubscriberRow.JoinList(input.Channels);
        var keywords = SubscriberRow.JoinList(input.Keywords);

        // A new address is inserted; a known one (also one another sign-up is adding right now,
        // which the insert waits for) is locked and read, so the checks below see its latest state.
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            INSERT INTO subscribers (email, email_key, name, status, frequency, channels, keywords, token, cursor_seq, created_at, updated_at)
            VALUES (@Email, @key, @Name, 'pending', @frequency, @channels, @keywords, @newToken, 0, @now, @now)
            ON CONFLICT (email_key) DO NOTHING
            RETURNING id
            """,
            new { input.Email, key, input.Name, frequency = Names.Of(input.Frequency), channels, keywords, newToken, now },
            transaction,
            cancellationToken: cancellationToken));
        if (id is null)
        {
            var existing = await connection.QuerySingleAsync<(long Id, string Status, long? ConfirmSentAt)>(new CommandDefinition(
                "SELECT id, status, confirm_sent_at FROM subscribers WHERE email_key = @key FOR UPDATE", new { key }, transaction, cancellationToken: cancellationToken));
            switch (Names.ParseStatus(existing.Status))
            {
                case SubscriberStatus.Active:
                    // Whoever fills in the form may not be the address's owner: an active subscription is changed only through its own links.
                    return SubscriptionRequestOutcome.AlreadyActive;
                case SubscriberStatus.Bounced:
                    return SubscriptionRequestOutcome.Bounced;
            }

            id = existing.Id;
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE subscribers SET email = @Email, name = @Name, frequency = @frequency, channels = @channels, keywords = @keywords,
                    status = 'pending', updated_at = @now
                WHERE id = @id
                """,
                new { input.Email, input.Name, frequency = Names.Of(input.Frequency), channels, keywords, now, id },
                transaction,
                cancellationToken: cancellationToken));
            if (existing.ConfirmSentAt is { } sent && now - sent < (long)interval.TotalMilliseconds)
            {
                await transaction.CommitAsync(cancellationToken);
                return SubscriptionRequestOutcome.Throttled;
            }
        }

        var queued = DateTimeOffset.FromUnixTimeMilliseconds(now);
        var messageId = string.Create(CultureInfo.InvariantCulture, $"confirm.{id}.{queued.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}@{mailDomain}");
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO deliveries (kind, edition_id, subscriber_id, status, articles, article_count, message_id, next_attempt_at, created_at, updated_at)
            VALUES ('confirm', NULL, @id, 'pending', '', 0, @messageId, @now, @now, @now)
            """,
            new { id, messageId, now },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE subscribers SET confirm_sent_at = @now WHERE id = @id", new { id, now }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return SubscriptionRequestOutcome.Queued;
    }

    public async Task<Subscriber?> FindByTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriberRow>(new CommandDefinition(
            $"SELECT {SubscriberRow.Columns} FROM subscribers WHERE token = @token", new { token }, cancellationToken: cancellationToken));
        return row?.ToSubscriber();
    }

    public async Task<Subscriber?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriberRow>(new CommandDefinition(
            $"SELECT {SubscriberRow.Columns} FROM subscribers WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToSubscriber();
    }

    public async Task<bool> ConfirmAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);

        // Offered what is imported from now on, not the backlog, as an admin's active subscriber is.
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE subscribers SET status = 'active', confirmed_at = @now, updated_at = @now, hard_failures = 0,
                cursor_seq = (SELECT COALESCE(MAX(import_seq), 0) FROM articles)
            WHERE id = @id AND status = 'pending'
            """,
            new { id, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task<bool> UnsubscribeAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE subscribers SET status = 'unsubscribed', updated_at = @now WHERE id = @id AND status IN ('active', 'pending')",
            new { id, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task<bool> UpdatePreferencesAsync(long id, SubscriberInput preferences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE subscribers SET name = @Name, frequency = @frequency, channels = @channels, keywords = @keywords, updated_at = @now WHERE id = @id",
            new
            {
                preferences.Name, frequency = Names.Of(preferences.Frequency), channels = SubscriberRow.JoinList(preferences.Channels),
                keywords = SubscriberRow.JoinList(preferences.Keywords), now = time.GetUtcNow().ToUnixTimeMilliseconds(), id,
            },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task<byte[]> GetSigningKeyAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        const string select = "SELECT key FROM signing_keys WHERE name = @name";
        if (await connection.ExecuteScalarAsync<byte[]>(new CommandDefinition(select, new { name }, cancellationToken: cancellationToken)) is { Length: > 0 } key)
        {
            return key;
        }

        // The migration made the key; a database whose row was removed by hand gets a new one (and
        // links signed with the old one stop working). Nodes asking at once all read the row that won.
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO signing_keys (name, key, created_at) VALUES (@name, {RandomKeySql}, @now) ON CONFLICT (name) DO NOTHING",
            new { name, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return await connection.ExecuteScalarAsync<byte[]>(new CommandDefinition(select, new { name }, cancellationToken: cancellationToken)) ?? [];
    }
}
