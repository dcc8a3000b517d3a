using InvestChn.Articles;
using InvestChn.Diagnostics;
using InvestChn.Storage;
using InvestChn.Subscribers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InvestChn.Digests;

/// <summary>
/// Plans an edition: one outbox row per active subscriber of its frequency, with the articles
/// chosen for them (or the reason nothing is sent), moving each subscriber's cursor. Safe to run
/// twice and on two nodes at once: the store's unique keys make every row and cursor move happen once.
/// </summary>
public sealed partial class DigestPlanner(
    IDigestStore digests,
    IArticleStore articles,
    IEditionCalendar calendar,
    ChannelSlugs slugs,
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
        var candidates = new DigestCandidates(await articles.ListImportedAsync(lowest, edition.ThroughSequence, since, cancellationToken));
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

            var rows = new List<PlannedDelivery>(batch.Count);
            foreach (var subscriber in batch)
            {
                var chosen = candidates.Select(subscriber, new SubscriptionFilter(subscriber, slugs, knownChannels), settings.MaxArticles);
                rows.Add(new PlannedDelivery(
                    subscriber.Id,
                    chosen.Select(a => a.Sequence).ToList(),
                    DigestComposer.MessageIdFor(frequency, scheduled, subscriber.Id, domain),
                    chosen.Count == 0 ? NoArticlesReason : null));
            }

            await digests.AddDeliveriesAsync(edition, rows, cancellationToken);
            toSend += rows.Count(r => r.SkipReason is null);
            skipped += rows.Count(r => r.SkipReason is not null);
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
