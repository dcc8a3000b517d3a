using InvestChn.Articles;
using InvestChn.Diagnostics;
using InvestChn.Storage;
using InvestChn.Subscribers;
using InvestChn.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InvestChn.Digests;

/// <summary>
/// Plans an edition: one outbox row per active subscriber of its frequency, with the articles
/// chosen for them (or the reason nothing is sent), moving each subscriber's cursor. An article
/// that changed after it was sent to a subscriber goes to them once more, marked as updated. Safe to run
/// twice and on two nodes at once: the store's unique keys make every row and cursor move happen once.
/// </summary>
public sealed partial class DigestPlanner(
    IDigestStore digests,
    IArticleStore articles,
    IEditionCalendar calendar,
    ChannelSlugs slugs,
    TermSegmenter segmenter,
    IOptions<DigestsOptions> options,
    IOptions<MailOptions> mail,
    PublisherMetrics metrics,
    ILogger<DigestPlanner> logger)
{
    /// <summary>Why a row has nothing to send.</summary>
    public const string NoArticlesReason = "no-articles: nothing new in the subscribed channels and keywords since the last digest";

    private const int BatchSize = 1000;

    /// <summary>
    /// Plans the edition of <paramref name="frequency"/> due at <paramref name="at"/> (the latest
    /// scheduled time at or before it). After downtime this is the one edition that covers the
    /// missed time: subscribers' cursors carry everything since their last digest.
    /// </summary>
    public async Task<EditionPlan> PlanAsync(DigestFrequency frequency, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (calendar.LatestAtOrBefore(frequency, at) is not { } scheduled)
        {
            return new EditionPlan(frequency, null, 0, 0, AlreadyPlanned: false);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var edition = await digests.OpenEditionAsync(frequency, scheduled, cancellationToken);
        if (edition.PlannedAt is not null)
        {
            return new EditionPlan(frequency, edition, 0, 0, AlreadyPlanned: true);
        }

        var settings = options.Value;
        var since = settings.MaxArticleAgeDays > 0 ? scheduled.AddDays(-settings.MaxArticleAgeDays) : (DateTimeOffset?)null;
        var lowest = await digests.GetLowestCursorAsync(frequency, cancellationToken) ?? edition.ThroughSequence;
        // Updates are frozen at the edition's creation like new articles are by its through-sequence,
        // so a resumed planning run sees the same ones.
        var updated = await articles.ListUpdatedAsync(since ?? DateTimeOffset.MinValue, edition.CreatedAt, cancellationToken);
        var candidates = new DigestCandidates(await articles.ListImportedAsync(lowest, edition.ThroughSequence, since, cancellationToken), segmenter, updated);
        var knownChannels = (await articles.ListChannelsAsync(cancellationToken)).Select(c => c.Channel).ToList();
        var domain = MimeKit.MailboxAddress.Parse(mail.Value.From).Domain;

        int toSend = 0, skipped = 0;
        long after = 0;
        while (true)
        {
            var batch = await digests.ListUnplannedAsync(edition, after, BatchSize, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            var offered = candidates.HasUpdates
                ? await digests.GetLastOfferedAsync(batch.Select(s => s.Id).ToList(), candidates.UpdatedSequences, candidates.EarliestUpdatedImport!.Value, cancellationToken)
                : null;
            var rows = new List<PlannedDelivery>(batch.Count);
            foreach (var subscriber in batch)
            {
                var chosen = candidates.Choose(
                    subscriber, new SubscriptionFilter(subscriber, slugs, knownChannels, segmenter), settings.MaxArticles, offered?.GetValueOrDefault(subscriber.Id));
                rows.Add(new PlannedDelivery(
                    subscriber.Id,
                    chosen.Articles.Select(a => a.Sequence).ToList(),
                    DigestComposer.MessageIdFor(frequency, scheduled, subscriber.Id, domain),
                    chosen.Articles.Count == 0 ? NoArticlesReason : null)
                {
                    UpdatedSequences = chosen.UpdatedSequences,
                });
            }

            // Counted only where the row is new: another node planning the edition at the same
            // time counts the rows it wrote itself.
            var added = await digests.AddDeliveriesAsync(edition, rows, cancellationToken);
            toSend += rows.Count(r => r.SkipReason is null && added.Contains(r.SubscriberId));
            skipped += rows.Count(r => r.SkipReason is not null && added.Contains(r.SubscriberId));
            after = batch[^1].Id;
        }

        await digests.MarkPlannedAsync(edition, cancellationToken);
        LogPlanned(edition.Id, frequency, scheduled, toSend, skipped);
        metrics.RecordPlanning(frequency, started);
        return new EditionPlan(frequency, edition, toSend, skipped, AlreadyPlanned: false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Planned edition {EditionId} ({Frequency} {ScheduledAt:u}): {ToSend} digests to send, {Skipped} with nothing new")]
    private partial void LogPlanned(long editionId, DigestFrequency frequency, DateTimeOffset scheduledAt, int toSend, int skipped);
}
