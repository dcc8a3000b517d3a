using System.Data.Common;
using System.Globalization;
using Dapper;
using InvestChn.Articles;
using InvestChn.Storage.Sqlite;

namespace InvestChn.Storage;

/// <summary>
/// One import transaction: lookups, inserts and updates on one connection, the same SQL on SQLite
/// and PostgreSQL. The store that begins it makes it the only import at a time (SQLite's write
/// lock, PostgreSQL's import advisory lock), so the sequence numbers read inside are final.
/// </summary>
internal sealed class ArticleImportSession(DbConnection connection, DbTransaction transaction) : IArticleImportSession
{
    private const string InsertSql =
        "INSERT INTO articles (id, import_seq, url, url_derived, title, published_at, published_date, source, channel, body_html, body_text, content_hash, first_imported_at, updated_at, terms, terms_dictionary, version) " +
        "VALUES (@Id, @Sequence, @Url, @UrlDerived, @Title, @PublishedAt, @PublishedDate, @Source, @Channel, @BodyHtml, @BodyText, @ContentHash, @FirstImportedAt, @UpdatedAt, @Terms, @TermsDictionary, " +
        "(SELECT COALESCE(MAX(version), 0) + 1 FROM articles))";

    private const string UpdateSql =
        "UPDATE articles SET url = @Url, url_derived = @UrlDerived, title = @Title, published_at = @PublishedAt, published_date = @PublishedDate, " +
        "source = @Source, channel = @Channel, body_html = @BodyHtml, body_text = @BodyText, content_hash = @ContentHash, updated_at = @UpdatedAt, " +
        "terms = @Terms, terms_dictionary = @TermsDictionary, " +
        "version = (SELECT COALESCE(MAX(version), 0) + 1 FROM articles) " +
        "WHERE id = @Id";

    private long? _lastSequence;

    public async Task<Article?> FindByUrlAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var row = await connection.QuerySingleOrDefaultAsync<ArticleRow>(new CommandDefinition(
            $"SELECT {ArticleRow.Columns} FROM articles WHERE url = @url", new { url = url.AbsoluteUri }, transaction, cancellationToken: cancellationToken));
        return row?.ToArticle();
    }

    public async Task<IReadOnlyList<Article>> FindByTitleAndDateAsync(string title, DateOnly publishedDate, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<ArticleRow>(new CommandDefinition(
            $"SELECT {ArticleRow.Columns} FROM articles WHERE title = @title AND published_date = @date ORDER BY import_seq",
            new { title, date = publishedDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            transaction,
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToArticle()).ToList();
    }

    public async Task<bool> IdExistsAsync(string id, CancellationToken cancellationToken = default) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM articles WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken)) > 0;

    public async Task<Article> InsertAsync(Article article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        _lastSequence ??= await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(import_seq), 0) FROM articles", transaction: transaction, cancellationToken: cancellationToken));
        var stored = article with { Sequence = _lastSequence.Value + 1 };
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, ArticleRow.From(stored), transaction, cancellationToken: cancellationToken));
        _lastSequence = stored.Sequence;
        return stored;
    }

    public async Task UpdateAsync(Article article, CancellationToken cancellationToken = default)
    {
        var changed = await connection.ExecuteAsync(new CommandDefinition(UpdateSql, ArticleRow.From(article), transaction, cancellationToken: cancellationToken));
        if (changed != 1)
        {
            throw new InvalidOperationException($"Article {article.Id} is not in the store.");
        }
    }

    public async Task SetTermsAsync(string id, Text.ArticleTerms terms, string dictionaryHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE articles SET terms = @terms, terms_dictionary = @dictionaryHash WHERE id = @id",
            new { id, terms = terms.Serialize(), dictionaryHash },
            transaction,
            cancellationToken: cancellationToken));
    }

    public Task CommitAsync(CancellationToken cancellationToken = default) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
