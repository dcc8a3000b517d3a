using InvestChn.Storage;

namespace InvestChn.Topics;

/// <summary>
/// The terms that stand out in recent articles, to help admins define topics: TF-IDF where the
/// term frequency is taken over the articles published in the last days and the inverse
/// document frequency over the whole store, so words every article uses score near zero.
/// </summary>
public sealed class TopicTermRanking(IArticleStore store, TimeProvider time)
{
    /// <summary>The <paramref name="top"/> terms of the articles published in the last <paramref name="days"/> days.</summary>
    public async Task<IReadOnlyList<TermRank>> RankAsync(int top, int days, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var entries = (await store.ListTermsAsync(cancellationToken)).Where(e => e.Terms.Counts.Count > 0).ToList();
        var since = time.GetUtcNow().AddDays(-days);

        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var term in entry.Terms.Counts.Keys)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }

        var scores = new Dictionary<string, (double Score, int Articles, int Occurrences)>(StringComparer.Ordinal);
        foreach (var entry in entries.Where(e => e.PublishedAt >= since))
        {
            double length = entry.Terms.Total;
            foreach (var (term, count) in entry.Terms.Counts)
            {
                if (!IsTopicTerm(term))
                {
                    continue;
                }

                var idf = Math.Log((entries.Count + 1.0) / (documentFrequency[term] + 1.0));
                var (score, articles, occurrences) = scores.GetValueOrDefault(term);
                scores[term] = (score + (count / length * idf), articles + 1, occurrences + count);
            }
        }

        return scores
            .Select(p => new TermRank(p.Key, Math.Round(p.Value.Score, 6), p.Value.Articles, p.Value.Occurrences))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Term, StringComparer.Ordinal)
            .Take(top)
            .ToList();
    }

    /// <summary>Single characters and bare numbers (years, amounts) name no topic.</summary>
    private static bool IsTopicTerm(string term) =>
        term.Length >= 2 && !term.All(c => char.IsDigit(c) || c is '.' or '%');
}
