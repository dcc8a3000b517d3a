using InvestChn.Articles;
using InvestChn.Feeds;
using InvestChn.Storage;
using InvestChn.Subscribers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InvestChn.Subscriptions;

/// <summary>
/// What the public pages do: sign up (double opt-in), confirm, unsubscribe and change preferences.
/// Nothing here tells a visitor whether an address is known; every token is checked before the
/// store is asked for anything.
/// </summary>
public sealed partial class SubscriptionService(
    ISubscriptionStore store,
    SubscriberTokens tokens,
    IArticleStore articles,
    FeedCatalog catalog,
    ChannelSlugs slugs,
    ConfirmationComposer confirmations,
    IOptions<SubscriptionsOptions> options,
    TimeProvider time,
    ILogger<SubscriptionService> logger)
{
    /// <summary>Every channel a reader may pick, in path order, each level of a path on its own (a section covers its sub-channels).</summary>
    public async Task<IReadOnlyList<ChannelChoice>> ListChannelsAsync(CancellationToken cancellationToken = default) =>
        catalog.From(await articles.ListChannelsAsync(cancellationToken))
            .Where(feed => feed.Channel is not null)
            .Select(feed => new ChannelChoice(feed.Slug, feed.ChannelLabel!))
            .ToList();

    /// <summary>What is wrong with <paramref name="input"/>, in Chinese, one sentence per field; empty when it is fine.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(SubscriberInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<string>();
        var rules = SubscriberRules.Check(input);
        if (rules.Any(p => p.StartsWith("email", StringComparison.Ordinal)))
        {
            problems.Add("请填写有效的电子邮箱地址，例如 name@example.com。");
        }

        if (rules.Any(p => p.StartsWith("name", StringComparison.Ordinal)))
        {
            problems.Add($"称呼不能含换行或控制字符，且不超过 {SubscriberRules.MaxNameLength} 个字。");
        }

        var known = (await articles.ListChannelsAsync(cancellationToken)).Select(c => c.Channel).ToList();
        if (rules.Any(p => p.StartsWith("channel", StringComparison.Ordinal)) || input.Channels.Any(c => slugs.PathOf(c, known) is null))
        {
            problems.Add("所选频道不存在，请从列表中选择。");
        }

        if (rules.Any(p => p.StartsWith("keyword", StringComparison.Ordinal) || p.StartsWith("more than", StringComparison.Ordinal)))
        {
            problems.Add($"关键词最多 {SubscriberRules.MaxKeywords} 个，每个不超过 {SubscriberRules.MaxKeywordLength} 个字，用空格、逗号或顿号分隔，不能含分号或竖线。");
        }

        return problems;
    }

    /// <summary>
    /// A sign-up: checks <paramref name="input"/> (problems, in Chinese, or empty), then records a
    /// pending subscriber and queues their confirmation email in one transaction, at most one
    /// email per <c>Subscriptions:ConfirmationInterval</c>.
    /// </summary>
    public async Task<IReadOnlyList<string>> SubscribeAsync(SubscriberInput input, CancellationToken cancellationToken = default)
    {
        var problems = await CheckAsync(input, cancellationToken);
        if (problems.Count > 0)
        {
            return problems;
        }

        var outcome = await store.RequestAsync(input, await tokens.CreateAsync(cancellationToken), options.Value.ConfirmationInterval, confirmations.MailDomain, cancellationToken);
        LogSignUp(outcome);
        return [];
    }

    /// <summary>The subscriber of an unsubscribe or preferences link; null for a token that is malformed, tampered with or unknown.</summary>
    public async Task<Subscriber?> FindByLinkAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!await tokens.IsAuthenticAsync(token, cancellationToken))
        {
            return null;
        }

        return await store.FindByTokenAsync(token, cancellationToken);
    }

    /// <summary>What a confirmation token is worth now.</summary>
    public async Task<ConfirmationCheck> CheckConfirmationAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!SubscriberTokens.TryReadConfirmation(token, out var id, out var queuedAt) ||
            await store.GetAsync(id, cancellationToken) is not { } subscriber ||
            !await tokens.IsConfirmationOfAsync(token, subscriber, cancellationToken))
        {
            return new ConfirmationCheck(ConfirmationState.Unknown, null);
        }

        return new ConfirmationCheck(
            confirmations.HasExpired(queuedAt, time.GetUtcNow()) ? ConfirmationState.Expired : ConfirmationState.Valid,
            subscriber);
    }

    /// <summary>Activates the subscriber of a good token if still pending; a second call (or one after unsubscribing) changes nothing.</summary>
    public async Task<ConfirmationCheck> ConfirmAsync(string token, CancellationToken cancellationToken = default)
    {
        var check = await CheckConfirmationAsync(token, cancellationToken);
        if (check is { State: ConfirmationState.Valid, Subscriber: { } subscriber } && await store.ConfirmAsync(subscriber.Id, cancellationToken))
        {
            LogConfirmed(subscriber.Id);
            return check with { Subscriber = await store.GetAsync(subscriber.Id, cancellationToken) };
        }

        return check;
    }

    /// <summary>Queues a new confirmation email for the subscriber of an expired token (same limit per interval as the sign-up form).</summary>
    public async Task ResendConfirmationAsync(Subscriber subscriber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var input = new SubscriberInput(subscriber.Email, subscriber.Name, subscriber.Frequency, subscriber.Channels, subscriber.Keywords);
        var outcome = await store.RequestAsync(input, await tokens.CreateAsync(cancellationToken), options.Value.ConfirmationInterval, confirmations.MailDomain, cancellationToken);
        LogSignUp(outcome);
    }

    /// <summary>
    /// Unsubscribes from everything, or (<paramref name="channel"/>) drops one channel of a
    /// subscriber who chose channels; dropping the last one unsubscribes. True when something changed.
    /// </summary>
    public async Task<bool> UnsubscribeAsync(Subscriber subscriber, string? channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        if (channel is not null && subscriber.Channels.Contains(channel, StringComparer.Ordinal) && subscriber.Channels.Count > 1)
        {
            var rest = subscriber.Channels.Where(c => !string.Equals(c, channel, StringComparison.Ordinal)).ToList();
            var changed = await store.UpdatePreferencesAsync(subscriber.Id, new SubscriberInput(subscriber.Email, subscriber.Name, subscriber.Frequency, rest, subscriber.Keywords), cancellationToken);
            LogChannelDropped(subscriber.Id);
            return changed;
        }

        var done = await store.UnsubscribeAsync(subscriber.Id, cancellationToken);
        if (done)
        {
            LogUnsubscribed(subscriber.Id);
        }

        return done;
    }

    /// <summary>Saves new preferences (the address stays); the problems in Chinese, empty when saved.</summary>
    public async Task<IReadOnlyList<string>> UpdatePreferencesAsync(Subscriber subscriber, SubscriberInput preferences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(preferences);
        var input = preferences with { Email = subscriber.Email };
        var problems = await CheckAsync(input, cancellationToken);
        if (problems.Count == 0)
        {
            await store.UpdatePreferencesAsync(subscriber.Id, input, cancellationToken);
            LogPreferences(subscriber.Id);
        }

        return problems;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-up from the public form: {Outcome}")]
    private partial void LogSignUp(SubscriptionRequestOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscriber {SubscriberId} confirmed")]
    private partial void LogConfirmed(long subscriberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscriber {SubscriberId} unsubscribed")]
    private partial void LogUnsubscribed(long subscriberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscriber {SubscriberId} dropped a channel")]
    private partial void LogChannelDropped(long subscriberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscriber {SubscriberId} changed preferences")]
    private partial void LogPreferences(long subscriberId);
}
