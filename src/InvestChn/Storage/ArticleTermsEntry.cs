using InvestChn.Text;

namespace InvestChn.Storage;

/// <summary>One article's terms with what ranking them needs.</summary>
/// <param name="Sequence">Import sequence.</param>
/// <param name="PublishedAt">Publication time, UTC.</param>
/// <param name="Terms">The stored terms (empty when never segmented).</param>
public sealed record ArticleTermsEntry(long Sequence, DateTimeOffset PublishedAt, ArticleTerms Terms);
