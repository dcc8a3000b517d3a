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

    /// <summary>
    /// Up to <paramref name="take"/> articles after import sequence <paramref name="afterSequence"/>, in
    /// import order, whose terms were not cut with <paramref name="dictionaryHash"/> (every article when null).
    /// </summary>
    Task<IReadOnlyList<Article>> ListForSegmentationAsync(string? dictionaryHash, long afterSequence, int take, CancellationToken cancellationToken = default);

    /// <summary>How many articles have terms cut with another dictionary than <paramref name="dictionaryHash"/> (or none).</summary>
    Task<long> CountStaleTermsAsync(string dictionaryHash, CancellationToken cancellationToken = default);

    /// <summary>Every article's terms and publication time, in import order.</summary>
    Task<IReadOnlyList<ArticleTermsEntry>> ListTermsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest <paramref name="take"/> articles (by published time, then id) that have, for at
    /// least one group of <paramref name="anyOf"/>, every term of the group.
    /// </summary>
    Task<IReadOnlyList<Article>> ListNewestWithTermsAsync(IReadOnlyList<IReadOnlyList<string>> anyOf, int take, CancellationToken cancellationToken = default);

    /// <summary>Articles whose content changed after their first import, with the change in [<paramref name="since"/>, <paramref name="through"/>], in import order.</summary>
    Task<IReadOnlyList<Article>> ListUpdatedAsync(DateTimeOffset since, DateTimeOffset through, CancellationToken cancellationToken = default);
}
