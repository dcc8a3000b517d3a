using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using InvestChn.Articles;
using InvestChn.Diagnostics;
using InvestChn.Digests;
using InvestChn.Storage;
using InvestChn.Subscribers;
using InvestChn.Subscriptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using RazorLight;

namespace InvestChn.Delivery;

/// <summary>
/// Drains the outbox: claims due rows in batches under a lease, builds each digest, and sends it
/// through <c>Smtp:Connections</c> connections of the transport, recording every result before the
/// relay takes the connection's next message (which is transferred meanwhile, its delivery held
/// back: <see cref="IMailConnection.SendAfterAsync"/>), so a crash repeats at most one message on
/// each connection (with the same Message-ID). When the relay cannot be reached it stops rather than
/// burn through the list; untried rows are given back.
/// </summary>
public sealed partial class OutboxDispatcher
{
    private readonly IDigestStore _store;
    private readonly IArticleStore _articles;
    private readonly DigestComposer _composer;
    private readonly ConfirmationComposer _confirmations;
    private readonly IMailTransport _transport;
    private readonly DeliveryOptions _delivery;
    private readonly SmtpOptions _smtp;
    private readonly TimeProvider _time;
    private readonly PublisherMetrics _metrics;
    private readonly ILogger<OutboxDispatcher> _logger;

    public OutboxDispatcher(
        IDigestStore store,
        IArticleStore articles,
        DigestComposer composer,
        ConfirmationComposer confirmations,
        IMailTransport transport,
        IOptions<DeliveryOptions> deliveryOptions,
        IOptions<SmtpOptions> smtpOptions,
        TimeProvider time,
        PublisherMetrics metrics,
        ILogger<OutboxDispatcher> logger)
    {
        _store = store;
        _articles = articles;
        _composer = composer;
        _confirmations = confirmations;
        _transport = transport;
        _delivery = deliveryOptions.Value;
        _smtp = smtpOptions.Value;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Reason recorded on rows given back untried.</summary>
    public const string ReleasedReason = "not tried: the run stopped before this message";

    /// <summary>Sends what is due now; returns when nothing due is left or the run had to stop.</summary>
    public async Task<DispatchReport> DrainAsync(IProgress<DispatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var run = new Run(this, progress);
        var counts = await _store.CountDeliveriesAsync(cancellationToken);
        run.Total = (int)(counts[DeliveryStatus.Pending] + counts[DeliveryStatus.Deferred] + counts[DeliveryStatus.Sending]);
        return await run.ExecuteAsync(cancellationToken);
    }

    /// <summary>The backoff after the <paramref name="attempts"/>-th failed try: the base, doubling, at most a day.</summary>
    public static TimeSpan Backoff(int baseSeconds, int attempts) =>
        TimeSpan.FromSeconds(Math.Min(86_400, baseSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} deferred: {Reply}")]
    private partial void LogDeferred(long deliveryId, string reply);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} failed for subscriber {SubscriberId}: {Reply}")]
    private partial void LogFailed(long deliveryId, long subscriberId, string reply);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery stopped: {Reason}")]
    private partial void LogStopped(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} was taken over by another sender after its lease ran out; not sending it here")]
    private partial void LogLostLease(long deliveryId);

    /// <summary>One drain: its claims, its counters, its stop flag.</summary>
    private sealed class Run(OutboxDispatcher owner, IProgress<DispatchProgress>? progress)
    {
        private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        private readonly ConcurrentDictionary<long, Article> _articles = new();
        private readonly ConcurrentBag<long> _unsent = [];
        private readonly TimeSpan _lease = TimeSpan.FromSeconds(owner._delivery.LeaseSeconds);
        private readonly RateGate _gate = new(owner._smtp.MaxMessagesPerSecond, owner._time);
        private int _sent, _deferred, _failed, _skipped, _done;
        private volatile string? _stopReason;
        private ExceptionDispatchInfo? _failure;

        public int Total { get; set; }

        public async Task<DispatchReport> ExecuteAsync(CancellationToken cancellationToken)
        {
            // Queued digests are built in order by a few builders while the connections send the
            // ones before them: rendering uses the CPU that would otherwise idle through the SMTP
            // round trips. The queue bounds how far ahead that runs; few builders (half the cores)
            // keep rendering from crowding the connections' I/O continuations out of the thread pool.
            var connections = Math.Max(1, owner._transport.Connections);
            var queue = Channel.CreateBounded<Prepared>(new BoundedChannelOptions(connections * 4) { SingleWriter = true });
            var builds = Channel.CreateUnbounded<(OutboxItem Item, TaskCompletionSource<Built> Done)>(new UnboundedChannelOptions { SingleWriter = true });
            var builders = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount / 2)).Select(_ => Task.Run(() => BuildLoopAsync(builds.Reader), CancellationToken.None)).ToList();
            var senders = Enumerable.Range(0, connections).Select(_ => Task.Run(() => SendLoopAsync(queue.Reader, cancellationToken), CancellationToken.None)).ToList();
            try
            {
                while (_stopReason is null && !cancellationToken.IsCancellationRequested)
                {
                    var claimed = await owner._store.ClaimAsync(_owner, ClaimSize(connections), _lease, CancellationToken.None);
                    if (claimed.Count == 0)
                    {
                        break;
                    }

                    foreach (var item in claimed)
                    {
                        if (_stopReason is not null || cancellationToken.IsCancellationRequested)
                        {
                            _unsent.Add(item.DeliveryId);
                            continue;
                        }

                        await queue.Writer.WaitToWriteAsync(CancellationToken.None);
                        var built = new TaskCompletionSource<Built>(TaskCreationOptions.RunContinuationsAsynchronously);
                        builds.Writer.TryWrite((item, built));
                        await queue.Writer.WriteAsync(new Prepared(item, built.Task), CancellationToken.None);
                    }
                }
            }
            finally
            {
                queue.Writer.Complete();
                builds.Writer.Complete();
                await Task.WhenAll(senders);
                await Task.WhenAll(builders);
            }

            // Claimed but never tried: back to the queue at once (the next run picks them up).
            var released = _unsent.Distinct().ToList();
            await owner._store.ReleaseAsync(released, _owner, owner._time.GetUtcNow(), _stopReason is null ? ReleasedReason : "not tried: " + _stopReason, CancellationToken.None);
            _failure?.Throw();
            return new DispatchReport(_sent, _deferred, _failed, _skipped, released.Count, _stopReason);
        }

        /// <summary>
        /// Rows per claim: enough to keep every connection busy, but under a rate limit no more
        /// than half a lease's worth, so claimed rows rarely wait in the queue long enough to need a renewal.
        /// </summary>
        private int ClaimSize(int connections)
        {
            var size = connections * 16;
            var rate = owner._smtp.MaxMessagesPerSecond;
            return rate > 0 ? (int)Math.Clamp(rate * _lease.TotalSeconds / 2, connections, size) : size;
        }

        private async Task SendLoopAsync(ChannelReader<Prepared> reader, CancellationToken cancellationToken)
        {
            await using var connection = owner._transport.Open();

            // The previous message's result, recorded while this connection transfers the next
            // message; that one is delivered only once this is true (see IMailConnection.SendAfterAsync).
            var recorded = Recorded;
            try
            {
                await foreach (var prepared in reader.ReadAllAsync(CancellationToken.None))
                {
                    if (_stopReason is not null || cancellationToken.IsCancellationRequested)
                    {
                        _unsent.Add(prepared.Item.DeliveryId);
                        Discard(prepared);
                        continue;
                    }

                    // The message in flight is finished even when the host is stopping.
                    try
                    {
                        recorded = await SendOneAsync(connection, prepared, recorded);
                    }
                    catch (Exception e)
                    {
                        // An unexpected error: this row keeps its lease, as after a crash, since it
                        // may have gone out. The run stops, this loop keeps reading so the claim loop
                        // is never left waiting on a full queue, the untried rows are given back, and
                        // the run ends with the error.
                        Fail(prepared.Item.DeliveryId, e);
                        recorded = Recorded;
                        continue;
                    }

                    progress?.Report(new DispatchProgress(Interlocked.Increment(ref _done), Math.Max(Total, _done)));
                }
            }
            finally
            {
                await recorded;
            }
        }

        /// <summary>A result that needs no waiting for.</summary>
        private static readonly Task<bool> Recorded = Task.FromResult(true);

        private void Fail(long deliveryId, Exception e)
        {
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            Stop($"delivery {deliveryId} failed unexpectedly: {e.Message}");
        }

        private async Task BuildLoopAsync(ChannelReader<(OutboxItem Item, TaskCompletionSource<Built> Done)> reader)
        {
            await foreach (var (item, done) in reader.ReadAllAsync(CancellationToken.None))
            {
                try
                {
                    done.SetResult(await PrepareAsync(item));
                }
                catch (Exception e)
                {
                    // Whoever sends this row meets the error; the next rows are still built.
                    done.SetException(e);
                }
            }
        }

        /// <summary>What one outbox row turns into before any connection is involved: a message, a reason to skip it, or a template failure.</summary>
        private async Task<Built> PrepareAsync(OutboxItem item)
        {
            if (item.Kind == OutboxKind.Confirmation)
            {
                return await PrepareConfirmationAsync(item);
            }

            if (item.Subscriber.Status != SubscriberStatus.Active)
            {
                return new Built(null, $"subscriber is {Names.Of(item.Subscriber.Status)}", null);
            }

            var chosen = await ArticlesOfAsync(item);
            if (chosen.Count == 0)
            {
                return new Built(null, "its articles are no longer in the store", null);
            }

            try
            {
                var edition = item.Edition!;
                var model = owner._composer.CreateModel(edition.Frequency, edition.ScheduledAt, item.Subscriber, chosen, item.UpdatedSequences);
                return new Built(await owner._composer.ComposeAsync(model, item.MessageId, edition.CreatedAt), null, null);
            }
            catch (Exception e) when (e is RazorLightException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
            {
                return new Built(null, null, e);
            }
        }

        private async Task<Built> PrepareConfirmationAsync(OutboxItem item)
        {
            // Confirmed, unsubscribed or bounced since it was queued: the email would ask for nothing.
            if (item.Subscriber.Status != SubscriberStatus.Pending)
            {
                return new Built(null, $"subscriber is {Names.Of(item.Subscriber.Status)}", null);
            }

            if (owner._confirmations.HasExpired(item.QueuedAt, owner._time.GetUtcNow()))
            {
                return new Built(null, "its confirmation link expired before it could be sent", null);
            }

            try
            {
                return new Built(await owner._confirmations.ComposeAsync(item.Subscriber, item.MessageId, item.QueuedAt), null, null);
            }
            catch (Exception e) when (e is RazorLightException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
            {
                return new Built(null, null, e);
            }
        }

        /// <summary>Sends one row's message (or records why not); returns the recording of its result, under way.</summary>
        private async Task<Task<bool>> SendOneAsync(IMailConnection connection, Prepared prepared, Task<bool> previous)
        {
            var item = prepared.Item;
            var built = await prepared.Work;
            if (built.SkipReason is not null)
            {
                await previous;
                return Record(new DeliveryResult(item.DeliveryId, item.Subscriber.Id, DeliveryStatus.Skipped, built.SkipReason));
            }

            if (built.Message is not { } message)
            {
                // A template that fails for one digest would fail for the next ones: stop, keep the list.
                Stop($"a template failed while rendering delivery {item.DeliveryId}: {built.TemplateError!.Message}");
                _unsent.Add(item.DeliveryId);
                return previous;
            }

            using (message)
            {
                return await SendAsync(connection, item, message, previous);
            }
        }

        private async Task<Task<bool>> SendAsync(IMailConnection connection, OutboxItem item, MimeMessage message, Task<bool> previous)
        {
            await _gate.WaitAsync(CancellationToken.None);
            var now = owner._time.GetUtcNow();
            // Enough lease left for the longest a send may take (an SMTP reply may take the whole
            // timeout; a file write is quick), or it is renewed first.
            var margin = owner._smtp.UsesRelay ? TimeSpan.FromSeconds(owner._smtp.TimeoutSeconds + 30) : _lease / 2;
            if (item.LeaseUntil - now < margin && !await owner._store.RenewAsync(item.DeliveryId, _owner, _lease, CancellationToken.None))
            {
                owner.LogLostLease(item.DeliveryId);
                return previous;
            }

            var outcome = await connection.SendAfterAsync(message, previous, CancellationToken.None);
            if (!await previous)
            {
                // The previous result could not be recorded and the run is stopping. This message was
                // held back, so it is given back untried; had it gone out anyway, it keeps its lease.
                if (outcome.Status != SendStatus.Sent)
                {
                    _unsent.Add(item.DeliveryId);
                }

                return Recorded;
            }

            var settings = owner._delivery;
            switch (outcome.Status)
            {
                case SendStatus.Sent:
                    return Record(new DeliveryResult(item.DeliveryId, item.Subscriber.Id, DeliveryStatus.Sent, outcome.Reply));
                case SendStatus.Permanent:
                    return Record(new DeliveryResult(item.DeliveryId, item.Subscriber.Id, DeliveryStatus.Failed, outcome.Reply, HardBounce: outcome.RecipientRejected));
                default:
                    if (outcome.Status == SendStatus.Unreachable)
                    {
                        Stop(outcome.Reply);
                    }

                    return Record(item.Attempts >= settings.MaxAttempts
                        ? new DeliveryResult(item.DeliveryId, item.Subscriber.Id, DeliveryStatus.Failed, $"gave up after {item.Attempts} attempts; last reply: {outcome.Reply}")
                        : new DeliveryResult(item.DeliveryId, item.Subscriber.Id, DeliveryStatus.Deferred, outcome.Reply,
                            owner._time.GetUtcNow() + Backoff(settings.RetryBaseSeconds, item.Attempts)));
            }
        }

        /// <summary>
        /// Records a result in the background: true once it is recorded; false when it could not be
        /// (the run then stops with that error, and the row keeps its lease, as after a crash).
        /// </summary>
        private async Task<bool> Record(DeliveryResult result)
        {
            // Off the caller's thread: that may be a connection's, which should be sending the next
            // message rather than writing this result (the first result to arrive writes the batch).
            await Task.Yield();
            try
            {
                await CompleteAsync(result);
                return true;
            }
            catch (Exception e)
            {
                Fail(result.DeliveryId, e);
                return false;
            }
        }

        /// <summary>A digest built but not sent (the run is stopping): its message is let go once built; a failure to build is not news here.</summary>
        private static void Discard(Prepared prepared) =>
            prepared.Work.ContinueWith(
                static t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        t.Result.Message?.Dispose();
                    }
                    else
                    {
                        _ = t.Exception;
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

        private async Task<IReadOnlyList<Article>> ArticlesOfAsync(OutboxItem item)
        {
            var missing = item.ArticleSequences.Where(s => !_articles.ContainsKey(s)).ToList();
            if (missing.Count > 0)
            {
                foreach (var article in await owner._articles.GetBySequencesAsync(missing, CancellationToken.None))
                {
                    _articles.TryAdd(article.Sequence, article);
                }
            }

            return item.ArticleSequences.Select(s => _articles.GetValueOrDefault(s)).OfType<Article>().ToList();
        }

        private async Task CompleteAsync(DeliveryResult result)
        {
            if (!await owner._store.CompleteAsync(result, _owner, owner._delivery.BounceLimit, CancellationToken.None))
            {
                owner.LogLostLease(result.DeliveryId);
                return;
            }

            owner._metrics.RecordDelivery(result.Status);
            switch (result.Status)
            {
                case DeliveryStatus.Sent:
                    Interlocked.Increment(ref _sent);
                    break;
                case DeliveryStatus.Deferred:
                    Interlocked.Increment(ref _deferred);
                    owner.LogDeferred(result.DeliveryId, result.Reply);
                    break;
                case DeliveryStatus.Failed:
                    Interlocked.Increment(ref _failed);
                    owner.LogFailed(result.DeliveryId, result.SubscriberId, result.Reply);
                    break;
                default:
                    Interlocked.Increment(ref _skipped);
                    break;
            }
        }

        private void Stop(string reason)
        {
            if (Interlocked.CompareExchange(ref _stopReason, reason, null) is null)
            {
                owner.LogStopped(reason);
            }
        }

        /// <summary>An outbox row on its way to a connection, with the building of its message under way.</summary>
        private sealed record Prepared(OutboxItem Item, Task<Built> Work);

        /// <summary>A built message; or why the row is skipped; or the template failure that stops the run.</summary>
        private sealed record Built(MimeMessage? Message, string? SkipReason, Exception? TemplateError);
    }
}
