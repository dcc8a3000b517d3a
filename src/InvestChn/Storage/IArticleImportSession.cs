using InvestChn.Articles;

namespace InvestChn.Storage;

/// <summary>One transaction of an import: look articles up, insert and update them, then commit.</summary>
public interface IArticleImportSession : IAsyncDisposable
{
    /// <summary>The article with this canonical URL, or null.</summary>
    Task<Article?> FindByUrlAsync(Uri url, CancellationToken cancellationToken = default);

    /// <summary>The articles with this exact title published on this date (site time zone), oldest import first.</summary>
    Task<IReadOnlyList<Article>> FindByTitleAndDateAsync(string title, DateOnly publishedDate, CancellationToken cancellationToken = default);

    /// <summary>True when an article already has <paramref name="id"/>.</summary>
    Task<bool> IdExistsAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Inserts <paramref name="article"/> and returns it with its import sequence number assigned.</summary>
    Task<Article> InsertAsync(Article article, CancellationToken cancellationToken = default);

    /// <summary>Replaces the stored article that has <paramref name="article"/>'s id (id and sequence never change).</summary>
    Task UpdateAsync(Article article, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces only the stored terms of article <paramref name="id"/> (re-segmentation after a
    /// dictionary change): what readers see is unchanged, so neither version nor update time moves.
    /// </summary>
    Task SetTermsAsync(string id, InvestChn.Text.ArticleTerms terms, string dictionaryHash, CancellationToken cancellationToken = default);

    /// <summary>Makes every change of this session visible; without it, disposing rolls them back.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);
}
