namespace InvestChn.Topics;

/// <summary>One term of <c>articles topics</c>.</summary>
/// <param name="Term">The (canonical, folded) term.</param>
/// <param name="Score">TF-IDF summed over the recent articles.</param>
/// <param name="Articles">Recent articles that have the term.</param>
/// <param name="Occurrences">Times it occurs in them.</param>
public sealed record TermRank(string Term, double Score, int Articles, int Occurrences);
