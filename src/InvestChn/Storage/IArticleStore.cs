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

    /// <summary>Every channel path in use, with its article count and newest change.</summary>
    Task<IReadOnlyList<ChannelStats>> ListChannelsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The articles in <paramref name="channels"/> (exact channel paths; all articles when null) in
    /// import order, cut into pages of <paramref name="pageSize"/>: one row per page.
    /// </summary>
    Task<IReadOnlyList<FeedPageStats>> ListPagesAsync(IReadOnlyCollection<string>? channels, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="take"/> articles of that order starting at <paramref name="from"/>'s first article.</summary>
    Task<IReadOnlyList<Article>> ListPageAsync(IReadOnlyCollection<string>? channels, FeedPageStats from, int take, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="take"/> articles in <paramref name="channels"/> (all when null), newest first.</summary>
    Task<IReadOnlyList<Article>> ListNewestAsync(IReadOnlyCollection<string>? channels, int take, CancellationToken cancellationToken = default);

    /// <summary>Articles with import sequence in (<paramref name="afterSequence"/>, <paramref name="throughSequence"/>] published at or after <paramref name="publishedSince"/> (any time when null), in import order.</summary>
    Task<IReadOnlyList<Article>> ListImportedAsync(long afterSequence, long throughSequence, DateTimeOffset? publishedSince, CancellationToken cancellationToken = default);

    /// <summary>The articles with these import sequences (those still in the store), in no particular order.</summary>
    Task<IReadOnlyList<Article>> GetBySequencesAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken = default);

    /// <summary>The newest import sequence (0 for an empty store).</summary>
    Task<long> GetNewestSequenceAsync(CancellationToken cancellationToken = default);
}
