using InvestChn.Storage;
using InvestChn.Text;
using Microsoft.Extensions.Logging;

namespace InvestChn.Topics;

/// <summary>
/// Re-segments stored articles: those whose terms were cut with another dictionary (after an
/// admin edited <c>seeds/dict</c>), or all of them. Segmentation runs on every core; one
/// transaction per batch writes the terms.
/// </summary>
public sealed partial class TermIndexer(IArticleStore store, TermSegmenter segmenter, ILogger<TermIndexer> logger)
{
    private const int BatchSize = 500;

    /// <summary>How many articles have terms from another dictionary than the current one.</summary>
    public Task<long> CountStaleAsync(CancellationToken cancellationToken = default) =>
        store.CountStaleTermsAsync(segmenter.DictionaryHash, cancellationToken);

    /// <summary>Re-segments the stale articles (every article with <paramref name="all"/>); returns how many.</summary>
    public async Task<int> ReindexAsync(bool all, IProgress<(int Done, long Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var hash = segmenter.DictionaryHash;
        var total = all ? await store.CountAsync(cancellationToken) : await store.CountStaleTermsAsync(hash, cancellationToken);
        var done = 0;
        long after = 0;
        while (true)
        {
            var batch = await store.ListForSegmentationAsync(all ? null : hash, after, BatchSize, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            var terms = new ArticleTerms[batch.Count];
            await Parallel.ForAsync(0, batch.Count, cancellationToken, (i, _) =>
            {
                terms[i] = segmenter.Terms(batch[i].Title, batch[i].BodyText);
                return ValueTask.CompletedTask;
            });

            await using (var session = await store.BeginImportAsync(cancellationToken))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    await session.SetTermsAsync(batch[i].Id, terms[i], hash, cancellationToken);
                }

                await session.CommitAsync(cancellationToken);
            }

            done += batch.Count;
            after = batch[^1].Sequence;
            progress?.Report((done, total));
        }

        LogReindexed(done, hash);
        return done;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-segmented {Count} articles with dictionary {DictionaryHash}")]
    private partial void LogReindexed(int count, string dictionaryHash);
}
