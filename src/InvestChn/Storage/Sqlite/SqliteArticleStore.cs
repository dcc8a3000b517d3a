using Dapper;
using InvestChn.Articles;

namespace InvestChn.Storage.Sqlite;

/// <summary>The article store on an embedded SQLite file.</summary>
public sealed class SqliteArticleStore(SqliteDatabase database) : IArticleStore
{
    public async Task<IArticleImportSession> BeginImportAsync(CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            // Immediate: take the write lock now, so the sequence numbers read inside are final.
            var transaction = (Microsoft.Data.Sqlite.SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            return new SqliteArticleImportSession(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ArticleRow>(
            new CommandDefinition($"SELECT {ArticleRow.Columns} FROM articles WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToArticle();
    }

    public async Task<IReadOnlyList<Article>> ListAsync(ArticleQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.OpenAsync(cancellationToken);
        var channel = query.Channel?.Trim().Trim(Article.ChannelSeparator);
        var sql = string.IsNullOrEmpty(channel)
            ? $"SELECT {ArticleRow.Columns} FROM articles ORDER BY published_at DESC, id LIMIT @Limit"
            : $"SELECT {ArticleRow.Columns} FROM articles WHERE channel = @Channel OR substr(channel, 1, length(@Prefix)) = @Prefix ORDER BY published_at DESC, id LIMIT @Limit";
        var rows = await connection.QueryAsync<ArticleRow>(new CommandDefinition(
            sql,
            new { query.Limit, Channel = channel, Prefix = channel + Article.ChannelSeparator },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToArticle()).ToList();
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM articles", cancellationToken: cancellationToken));
    }
}
