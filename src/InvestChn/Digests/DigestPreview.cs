using InvestChn.Articles;
using InvestChn.Digests.Templates;
using InvestChn.Storage;
using InvestChn.Text;
using Microsoft.Extensions.Options;

namespace InvestChn.Digests;

/// <summary>Renders a subscriber's next digest as it stands now, without recording anything.</summary>
public sealed class DigestPreview(
    ISubscriberStore subscribers,
    IArticleStore articles,
    IDigestStore digests,
    IEditionCalendar calendar,
    ChannelSlugs slugs,
    TermSegmenter segmenter,
    DigestComposer composer,
    IOptions<DigestsOptions> options,
    TimeProvider time)
{
    /// <summary>
    /// The model and message of the next digest of <paramref name="email"/>, with what was chosen
    /// and which keyword each article matched; null when the address is unknown.
    /// </summary>
    public async Task<(Subscribers.Subscriber Subscriber, DigestModel Model, MimeKit.MimeMessage Message, DigestSelection Selection)?> RenderAsync(string email, CancellationToken cancellationToken = default)
    {
        if (await subscribers.FindAsync(email, cancellationToken) is not { } subscriber)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var scheduled = calendar.NextAfter(subscriber.Frequency, now) ?? now;
        var settings = options.Value;
        var since = settings.MaxArticleAgeDays > 0 ? scheduled.AddDays(-settings.MaxArticleAgeDays) : (DateTimeOffset?)null;
        var through = await articles.GetNewestSequenceAsync(cancellationToken);
        var updated = await articles.ListUpdatedAsync(since ?? DateTimeOffset.MinValue, now, cancellationToken);
        var candidates = new DigestCandidates(await articles.ListImportedAsync(subscriber.CursorSequence, through, since, cancellationToken), segmenter, updated);
        var offered = candidates.HasUpdates
            ? (await digests.GetLastOfferedAsync([subscriber.Id], candidates.UpdatedSequences, candidates.EarliestUpdatedImport!.Value, cancellationToken)).GetValueOrDefault(subscriber.Id)
            : null;
        var known = (await articles.ListChannelsAsync(cancellationToken)).Select(c => c.Channel).ToList();
        var chosen = candidates.Choose(subscriber, new SubscriptionFilter(subscriber, slugs, known, segmenter), settings.MaxArticles, offered);
        var model = composer.CreateModel(subscriber.Frequency, scheduled, subscriber, chosen.Articles, chosen.UpdatedSequences);
        var message = await composer.ComposeAsync(model, DigestComposer.MessageIdFor(subscriber.Frequency, scheduled, subscriber.Id, composer.MailDomain), now);
        return (subscriber, model, message, chosen);
    }
}
