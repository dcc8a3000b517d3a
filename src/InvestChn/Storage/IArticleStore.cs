using InvestChn.Articles;

namespace InvestChn.Storage;

/// <summary>Reads and writes articles; one implementation per database.</summary>
public interface IArticleStore
{
    /// <summary>Starts a unit of work for an import; nothing is visible to others until it commits.</summary>
    Task<IArticleImportSession> BeginImportAsync(CancellationToken cancellationToken = default);

    /// <summary>The article with <paramref name="id"/>, or null.</summary>
    Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Articles newest first (by published time, then id, both descending).</summary>
    Task<IReadOnlyList<Article>> ListAsync(ArticleQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many articles the store holds.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>The store's state in two numbers (article count, newest change): equal states, equal articles.</summary>
    Task<(long Count, long MaxVersion)> GetStateAsync(CancellationToken cancellationToken = default);

    /// <summary>The articles with these ids, in no particular order; unknown ids are left out.</summary>
    Task<IReadOnlyList<Article>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

    /// <summary>Every channel path in use, with its article count and newest change.</summary>
    Task<IReadOnlyList<ChannelStats>> ListChannelsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stamps of the articles in <paramref name="channel"/> and the channels below it (all articles
    /// when null), oldest first (by published time, then id).
    /// </summary>
    Task<IReadOnlyList<ArticleStamp>> ListStampsAsync(string? channel, CancellationToken cancellationToken = default);
}
