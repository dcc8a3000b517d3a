using InvestChn.Articles;
using InvestChn.Digests.Templates;
using InvestChn.Storage;
using Microsoft.Extensions.Options;

namespace InvestChn.Digests;

/// <summary>Renders a subscriber's next digest as it stands now, without recording anything.</summary>
public sealed class DigestPreview(
    ISubscriberStore subscribers,
    IArticleStore articles,
    IEditionCalendar calendar,
    ChannelSlugs slugs,
    DigestComposer composer,
    IOptions<DigestsOptions> options,
    TimeProvider time)
{
    /// <summary>The model and message of the next digest of <paramref name="email"/>; null when the address is unknown.</summary>
    public async Task<(Subscribers.Subscriber Subscriber, DigestModel Model, MimeKit.MimeMessage Message)?> RenderAsync(string email, CancellationToken cancellationToken = default)
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
        var candidates = new DigestCandidates(await articles.ListImportedAsync(subscriber.CursorSequence, through, since, cancellationToken));
        var known = (await articles.ListChannelsAsync(cancellationToken)).Select(c => c.Channel).ToList();
        var chosen = candidates.Select(subscriber, new SubscriptionFilter(subscriber, slugs, known), settings.MaxArticles);
        var model = composer.CreateModel(subscriber.Frequency, scheduled, subscriber, chosen);
        var message = await composer.ComposeAsync(model, DigestComposer.MessageIdFor(subscriber.Frequency, scheduled, subscriber.Id, composer.MailDomain), now);
        return (subscriber, model, message);
    }
}
