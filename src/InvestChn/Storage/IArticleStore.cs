using InvestChn.Articles;

namespace InvestChn.Storage;

/// <summary>Reads and writes articles; one implementation per database.</summary>
public interface IArticleStore
{
    /// <summary>Starts a unit of work for an import; nothing is visible to others until it commits.</summary>
    Task<IArticleImportSession> BeginImportAsync(CancellationToken cancellationToken = default);

    /// <summary>The article with <paramref name="id"/>, or null.</summary>
    Task<Article?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Articles newest first (by published time, ties by id).</summary>
    Task<IReadOnlyList<Article>> ListAsync(ArticleQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many articles the store holds.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);
}
