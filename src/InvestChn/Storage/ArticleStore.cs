using System.Data.Common;
using Dapper;
using InvestChn.Articles;
using InvestChn.Storage.Sqlite;

namespace InvestChn.Storage;

/// <summary>
/// The article store's queries, written once for SQLite and PostgreSQL: a provider says how it
/// opens a connection and begins an import; <see cref="SqlDialect"/> gives the rest.
/// </summary>
public abstract class ArticleStore(SqlDialect dialect) : IArticleStore
{
    public abstract Task<IArticleImportSession> BeginImportAsync(CancellationToken cancellationToken = default);

    /// <summary>An open connection of the provider.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    public async Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ArticleRow>(
            new CommandDefinition($"SELECT {ArticleRow.Columns} FROM articles WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToArticle();
    }

    public async Task<IReadOnlyList<Article>> ListAsync(ArticleQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenAsync(cancellationToken);
        var channel = query.Channel?.Trim().Trim(Article.ChannelSeparator);
        var rows = await connection.QueryAsync<ArticleRow>(new CommandDefinition(
            $"SELECT {ArticleRow.Columns} FROM articles {ChannelFilter(channel)} ORDER BY published_at DESC, id DESC LIMIT @Limit",
            new { query.Limit, Channel = channel, Prefix = channel + Article.ChannelSeparator, PrefixEnd = channel + PrefixEndSeparator },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToArticle()).ToList();
    }

    public async Task<(long Count, long MaxVersion)> GetStateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            "SELECT COUNT(*), COALESCE(MAX(version), 0) FROM articles", cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ChannelStats>> ListChannelsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Channel, long Count, long MaxVersion)>(new CommandDefinition(
            "SELECT channel, COUNT(*), MAX(version) FROM articles GROUP BY channel ORDER BY channel", cancellationToken: cancellationToken));
        return rows.Select(r => new ChannelStats(r.Channel, r.Count, r.MaxVersion)).ToList();
    }

    public async Task<IReadOnlyList<FeedPageStats>> ListPagesAsync(IReadOnlyCollection<string>? channels, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await using var connection = await OpenAsync(cancellationToken);

        // Numbered in import order over the covering indexes, then folded into pages, all inside the database.
        var rows = await connection.QueryAsync<(long Page, long Count, long FirstSequence, long MaxVersion)>(new CommandDefinition(
            $"""
            WITH ordered AS (
                SELECT import_seq, version, (ROW_NUMBER() OVER (ORDER BY import_seq) - 1) / @PageSize AS page
                FROM articles {ChannelsFilter(channels)})
            SELECT page, COUNT(*), MIN(import_seq), MAX(version)
            FROM ordered GROUP BY page ORDER BY page
            """,
            new { PageSize = (long)pageSize, Channels = dialect.ListOf(channels) },
            cancellationToken: cancellationToken));
        return rows.Select(r => new FeedPageStats((int)r.Page, (int)r.Count, r.FirstSequence, r.MaxVersion)).ToList();
    }

    public async Task<IReadOnlyList<Article>> ListPageAsync(IReadOnlyCollection<string>? channels, FeedPageStats from, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        await using var connection = await OpenAsync(cancellationToken);

        // A seek to the page's first article rather than an OFFSET, which would walk every earlier row.
        var rows = await connection.QueryAsync<ArticleRow>(new CommandDefinition(
            $"SELECT {ArticleRow.Columns} FROM articles {ChannelsFilter(channels, "AND")} import_seq >= @First ORDER BY import_seq LIMIT @Take",
            new { Channels = dialect.ListOf(channels), First = from.FirstSequence, Take = take },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToArticle()).ToList();
    }

    public async Task<IReadOnlyList<Article>> ListNewestAsync(IReadOnlyCollection<string>? channels, int take, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ArticleRow>(new CommandDefinition(
            $"SELECT {ArticleRow.Columns} FROM articles {ChannelsFilter(channels)} ORDER BY published_at DESC, id DESC LIMIT @Take",
            new { Channels = dialect.ListOf(channels), Take = take },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToArticle()).ToList();
    }

    /// <summary>Exact channel paths (null: every article); <paramref name="then"/> joins a further condition.</summary>
    private string ChannelsFilter(IReadOnlyCollection<string>? channels, string? then = null) => channels is null
        ? (then is null ? string.Empty : "WHERE")
        : "WHERE " + dialect.AnyOf("channel", "@Channels") + (then is null ? string.Empty : " " + then);

    /// <summary>The character after <see cref="Article.ChannelSeparator"/>: "X/" &lt;= child &lt; "X0" is every channel below X, as an index range.</summary>
    private const char PrefixEndSeparator = (char)(Article.ChannelSeparator + 1);

    /// <summary>A channel and everything below it; no filter for null or empty.</summary>
    private static string ChannelFilter(string? channel) => string.IsNullOrEmpty(channel)
        ? string.Empty
        : "WHERE (channel = @Channel OR (channel >= @Prefix AND channel < @PrefixEnd))";

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM articles", cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Article>> ListImportedAsync(long afterSequence, long throughSequence, DateTimeOffset? publishedSince, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ArticleRow>(new CommandDefinition(
            $"SELECT {ArticleRow.Columns} FROM articles WHERE import_seq > @afterSequence AND import_seq <= @throughSequence AND published_at >= @since ORDER BY import_seq",
            new { afterSequence, throughSequence, since = publishedSince?.ToUnixTimeMilliseconds() ?? long.MinValue },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToArticle()).ToList();
    }

    public async Task<IReadOnlyList<Article>> GetBySequencesAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ArticleRow>(new CommandDefinition(
            $"SELECT {ArticleRow.Columns} FROM articles WHERE {dialect.AnyOf("import_seq", "@sequences")}", new { sequences = dialect.ListOf(sequences) }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToArticle()).ToList();
    }

    public async Task<long> GetNewestSequenceAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(import_seq), 0) FROM articles", cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Article>> ListForSegmentationAsync(string? dictionaryHash, long afterSequence, int take, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var stale = dictionaryHash is null ? string.Empty : "AND terms_dictionary <> @dictionaryHash";
        var rows = await connection.QueryAsync<ArticleRow>(new CommandDefinition(
            $"SELECT {ArticleRow.Columns} FROM articles WHERE import_seq > @afterSequence {stale} ORDER BY import_seq LIMIT @take",
            new { dictionaryHash, afterSequence, take },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToArticle()).ToList();
    }

    public async Task<long> CountStaleTermsAsync(string dictionaryHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM articles WHERE terms_dictionary <> @dictionaryHash", new { dictionaryHash }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ArticleTermsEntry>> ListTermsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Sequence, long PublishedAt, string Terms)>(new CommandDefinition(
            "SELECT import_seq, published_at, terms FROM articles ORDER BY import_seq", cancellationToken: cancellationToken));
        return rows.Select(r => new ArticleTermsEntry(r.Sequence, DateTimeOffset.FromUnixTimeMilliseconds(r.PublishedAt), Text.ArticleTerms.Parse(r.Terms))).ToList();
    }

    public async Task<IReadOnlyList<Article>> ListNewestWithTermsAsync(IReadOnlyList<IReadOnlyList<string>> anyOf, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(anyOf);
        var groups = anyOf.Where(g => g.Count > 0).ToList();
        if (groups.Count == 0)
        {
            return [];
        }

        // Terms are stored as "\nterm\tcount" lines, so a term is a substring search; each group is
        // an AND of its terms, the groups an OR. Parameters carry the terms, never the SQL text.
        var parameters = new DynamicParameters();
        parameters.Add("take", take);
        var clauses = new List<string>();
        var n = 0;
        foreach (var group in groups)
        {
            var all = new List<string>();
            foreach (var term in group)
            {
                var name = "t" + (n++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameters.Add(name, Text.ArticleTerms.StoredNeedle(term));
                all.Add(dialect.ContainsText("terms", "@" + name));
            }

            clauses.Add("(" + string.Join(" AND ", all) + ")");
        }

        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ArticleRow>(new CommandDefinition(
            $"SELECT {ArticleRow.Columns} FROM articles WHERE {string.Join(" OR ", clauses)} ORDER BY published_at DESC, id DESC LIMIT @take",
            parameters,
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToArticle()).ToList();
    }

    public async Task<IReadOnlyList<Article>> ListUpdatedAsync(DateTimeOffset since, DateTimeOffset through, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ArticleRow>(new CommandDefinition(
            $"SELECT {ArticleRow.Columns} FROM articles WHERE updated_at > first_imported_at AND updated_at >= @since AND updated_at <= @through ORDER BY import_seq",
            new { since = since.ToUnixTimeMilliseconds(), through = through.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToArticle()).ToList();
    }
}
