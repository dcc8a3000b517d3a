using Dapper;

namespace InvestChn.Storage.Postgres;

/// <summary>Feed documents in the <c>feed_documents</c> table of the shared PostgreSQL database.</summary>
public sealed class PostgresFeedDocumentStore(PostgresDatabase database, TimeProvider time) : IFeedDocumentStore
{
    public async Task<IReadOnlyList<StoredFeedStamp>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Name, string ETag, long UpdatedAt)>(new CommandDefinition(
            "SELECT name, etag, updated_at FROM feed_documents ORDER BY name", cancellationToken: cancellationToken));
        return rows.Select(r => new StoredFeedStamp(r.Name, r.ETag, DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt))).ToList();
    }

    public async Task<StoredFeedStamp?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Name, string ETag, long UpdatedAt)>(new CommandDefinition(
            "SELECT name, etag, updated_at FROM feed_documents WHERE name = @name", new { name }, cancellationToken: cancellationToken));
        return rows.Select(r => new StoredFeedStamp(r.Name, r.ETag, DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt))).FirstOrDefault();
    }

    public async Task<(StoredFeedStamp Stamp, byte[] Content)?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Name, string ETag, long UpdatedAt, byte[] Content)>(new CommandDefinition(
            "SELECT name, etag, updated_at, content FROM feed_documents WHERE name = @name", new { name }, cancellationToken: cancellationToken));
        foreach (var row in rows)
        {
            return (new StoredFeedStamp(row.Name, row.ETag, DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt)), row.Content);
        }

        return null;
    }

    public async Task SaveAsync(IReadOnlyList<(string Name, string ETag, byte[] Content)> changed, IReadOnlyCollection<string> removed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(removed);
        if (changed.Count == 0 && removed.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (name, etag, content) in changed)
        {
            // Same bytes, same row: the stamp (and so Last-Modified) only moves when the bytes do.
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO feed_documents (name, content, etag, updated_at) VALUES (@name, @content, @etag, @now)
                ON CONFLICT (name) DO UPDATE SET content = excluded.content, etag = excluded.etag, updated_at = excluded.updated_at
                WHERE feed_documents.etag <> excluded.etag
                """,
                new { name, content, etag, now },
                transaction,
                cancellationToken: cancellationToken));
        }

        if (removed.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM feed_documents WHERE name = ANY(@names)", new { names = removed.ToArray() }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
