using InvestChn.Articles;

namespace InvestChn.Digests;

/// <summary>What one subscriber's digest carries.</summary>
/// <param name="Articles">The articles, newest first: new ones, then those sent before and changed since.</param>
/// <param name="UpdatedSequences">Import sequences of the articles sent again because they changed (marked 更新).</param>
/// <param name="MatchedKeywords">For each article (by import sequence) the subscriber's keyword it matched; absent without keywords.</param>
public sealed record DigestSelection(
    IReadOnlyList<Article> Articles,
    IReadOnlySet<long> UpdatedSequences,
    IReadOnlyDictionary<long, string> MatchedKeywords);
