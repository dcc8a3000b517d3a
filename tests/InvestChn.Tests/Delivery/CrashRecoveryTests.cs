using InvestChn.Delivery;
using InvestChn.Delivery.Smtp;
using InvestChn.Storage;
using InvestChn.Tests.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static InvestChn.Tests.Delivery.DeliveryScenario;

namespace InvestChn.Tests.Delivery;

/// <summary>A sender that dies (or freezes) after the relay took a message but before the outbox recorded it.</summary>
public class CrashRecoveryTests
{
    [SkippableTheory]
    [StoreProviders]
    public async Task DrainAsync_SenderFrozeAfterServerAcceptedMessage_NextProcessResendsOnlyThatMessageAfterTheLease(string provider)
    {
        // Arrange: process A's transport freezes right after the relay accepted its first message.
        await using var server = await TestSmtpServer.StartAsync();
        var settings = Settings(server, ("Smtp:Connections", "1"));
        await using var first = await TestStore.CreateOnAsync(provider, settings, services: s =>
            s.AddSingleton<IMailTransport>(p => new FreezingTransport(ActivatorUtilities.CreateInstance<SmtpTransport>(p))));
        var readers = Readers(3);
        await AddSubscribersAsync(first, readers);
        await ImportSomeNewsAsync(first);
        await PlanDailyAsync(first, expectedToSend: 3);
        var freezer = Assert.IsType<FreezingTransport>(first.Get<IMailTransport>());
        var frozenRun = first.Dispatcher.DrainAsync();
        await freezer.Frozen.WaitAsync(TimeSpan.FromSeconds(20));
        var victim = Assert.Single(server.Messages).Recipients.Single();
        var leftBehind = await RowsAsync(first);
        await using var second = await TestStore.CreateOnAsync(provider, settings, sharing: first);
        second.Time.Advance(TimeSpan.FromSeconds(LeaseSeconds + 1));

        // Act
        var report = await second.Dispatcher.DrainAsync();

        // Assert
        Assert.Equal(DeliveryStatus.Sending, leftBehind[victim].Status);
        Assert.Equal((3, 0, 0, null), (report.Sent, report.Deferred, report.Failed, report.StopReason));
        var rows = await RowsAsync(second);
        Assert.All(rows.Values, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.Equal(2, rows[victim].Attempts);
        var copies = server.Messages.GroupBy(m => m.Parse().MessageId ?? "").ToDictionary(g => g.Key, g => g.Select(m => m.Recipients.Single()).ToList());
        Assert.Equal(4, server.Messages.Count);
        Assert.Equal([victim, victim], copies[rows[victim].MessageId]);
        Assert.All(readers.Where(r => r != victim), r => Assert.Equal([r], copies[rows[r].MessageId]));

        // The frozen sender wakes up: it may no longer record or send anything.
        freezer.Thaw();
        var late = await frozenRun.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal((0, 0, 0), (late.Sent, late.Deferred, late.Failed));
        Assert.Equal(4, server.Messages.Count);
        Assert.All((await RowsAsync(second)).Values, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
    }

    [Fact]
    public async Task DrainAsync_RecordingAResultFails_RunEndsWithTheErrorAndGivesUntriedRowsBack()
    {
        // Arrange: the database refuses to record results (disk full) while more rows are claimed than the send queue holds.
        await using var server = await TestSmtpServer.StartAsync();
        var settings = Settings(server, ("Smtp:Connections", "1"));
        await using var store = await TestStore.CreateAsync(settings, services: s =>
            s.AddSingleton<IDigestStore>(p => new GatedResultStore(
                ActivatorUtilities.CreateInstance<InvestChn.Storage.Sqlite.SqliteDigestStore>(p),
                _ => Task.FromException(new SqliteException("database or disk is full", 13)))));
        var readers = Readers(12);
        await AddSubscribersAsync(store, readers);
        await ImportSomeNewsAsync(store);
        await PlanDailyAsync(store, expectedToSend: readers.Length);

        // Act
        var run = store.Dispatcher.DrainAsync();
        var error = await Record.ExceptionAsync(() => run.WaitAsync(TimeSpan.FromSeconds(30)));

        // Assert: the message whose result was lost stays leased (it is sent again after the lease); the rest are due again untried.
        Assert.IsType<SqliteException>(error);
        var sent = Assert.Single(server.Messages).Recipients.Single();
        var rows = await RowsAsync(store);
        Assert.Equal(DeliveryStatus.Sending, rows[sent].Status);
        Assert.All(rows.Values.Where(r => r.Email != sent), r =>
        {
            Assert.Equal(DeliveryStatus.Pending, r.Status);
            Assert.Equal(0, r.Attempts);
        });
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task DrainAsync_ResultStillBeingRecorded_RelayDoesNotTakeTheConnectionsNextMessageUntilItIs(string provider)
    {
        // Arrange: the first result takes as long as the test likes to be written.
        await using var server = await TestSmtpServer.StartAsync();
        var settings = Settings(server, ("Smtp:Connections", "1"));
        var firstResult = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recording = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var results = 0;
        await using var store = await TestStore.CreateOnAsync(provider, settings, services: s =>
            s.AddSingleton<IDigestStore>(p => new GatedResultStore(
                provider == InvestChn.Storage.StorageOptions.Postgres
                    ? ActivatorUtilities.CreateInstance<InvestChn.Storage.Postgres.PostgresDigestStore>(p)
                    : ActivatorUtilities.CreateInstance<InvestChn.Storage.Sqlite.SqliteDigestStore>(p),
                _ =>
                {
                    if (Interlocked.Increment(ref results) != 1)
                    {
                        return Task.CompletedTask;
                    }

                    recording.TrySetResult();
                    return firstResult.Task;
                })));
        var readers = Readers(3);
        await AddSubscribersAsync(store, readers);
        await ImportSomeNewsAsync(store);
        await PlanDailyAsync(store, expectedToSend: 3);

        // Act: the first message is taken; its result is held while the next message goes over the connection.
        var run = store.Dispatcher.DrainAsync();
        await recording.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var takenWhileRecording = server.Messages.Count;
        firstResult.SetResult();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: one message taken until the first result was written, then the rest, each once.
        Assert.Equal(1, takenWhileRecording);
        Assert.Equal((3, 0, 0, null), (report.Sent, report.Deferred, report.Failed, report.StopReason));
        Assert.Equal(3, server.Messages.Count);
        Assert.Equal(readers.Order(StringComparer.Ordinal), server.Messages.Select(m => m.Recipients.Single()).Order(StringComparer.Ordinal));
        Assert.All((await RowsAsync(store)).Values, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
    }

    /// <summary>Hands the first accepted message over, then never returns (until thawed): the process is as good as dead.</summary>
    private sealed class FreezingTransport(IMailTransport inner) : IMailTransport
    {
        private readonly TaskCompletionSource _frozen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _thawed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _froze;

        public Task Frozen => _frozen.Task;

        public int Connections => inner.Connections;

        public string Destination => inner.Destination;

        public IMailConnection Open() => new Connection(this, inner.Open());

        public void Thaw() => _thawed.TrySetResult();

        private sealed class Connection(FreezingTransport owner, IMailConnection inner) : IMailConnection
        {
            public async Task<SendOutcome> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
            {
                var outcome = await inner.SendAsync(message, cancellationToken);
                if (outcome.Status == SendStatus.Sent && Interlocked.Exchange(ref owner._froze, 1) == 0)
                {
                    owner._frozen.TrySetResult();
                    await owner._thawed.Task;
                }

                return outcome;
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }

    /// <summary>The real store, except that each result is written only after <paramref name="beforeRecording"/> (and not when it fails).</summary>
    private sealed class GatedResultStore(IDigestStore inner, Func<DeliveryResult, Task> beforeRecording) : IDigestStore
    {
        public async Task<bool> CompleteAsync(DeliveryResult result, string owner, int bounceLimit, CancellationToken cancellationToken = default)
        {
            await beforeRecording(result);
            return await inner.CompleteAsync(result, owner, bounceLimit, cancellationToken);
        }

        public Task<Edition> OpenEditionAsync(InvestChn.Subscribers.DigestFrequency frequency, DateTimeOffset scheduledAt, CancellationToken cancellationToken = default) =>
            inner.OpenEditionAsync(frequency, scheduledAt, cancellationToken);

        public Task<Edition?> FindLatestEditionAsync(InvestChn.Subscribers.DigestFrequency frequency, CancellationToken cancellationToken = default) =>
            inner.FindLatestEditionAsync(frequency, cancellationToken);

        public Task<long?> GetLowestCursorAsync(InvestChn.Subscribers.DigestFrequency frequency, CancellationToken cancellationToken = default) =>
            inner.GetLowestCursorAsync(frequency, cancellationToken);

        public Task<IReadOnlyList<InvestChn.Subscribers.Subscriber>> ListUnplannedAsync(Edition edition, long afterId, int take, CancellationToken cancellationToken = default) =>
            inner.ListUnplannedAsync(edition, afterId, take, cancellationToken);

        public Task<IReadOnlySet<long>> AddDeliveriesAsync(Edition edition, IReadOnlyList<PlannedDelivery> deliveries, CancellationToken cancellationToken = default) =>
            inner.AddDeliveriesAsync(edition, deliveries, cancellationToken);

        public Task<IReadOnlyDictionary<long, IReadOnlyDictionary<long, DateTimeOffset>>> GetLastOfferedAsync(
            IReadOnlyCollection<long> subscriberIds, IReadOnlyCollection<long> sequences, DateTimeOffset notBefore, CancellationToken cancellationToken = default) =>
            inner.GetLastOfferedAsync(subscriberIds, sequences, notBefore, cancellationToken);

        public Task MarkPlannedAsync(Edition edition, CancellationToken cancellationToken = default) => inner.MarkPlannedAsync(edition, cancellationToken);

        public Task<IReadOnlyList<OutboxItem>> ClaimAsync(string owner, int take, TimeSpan lease, CancellationToken cancellationToken = default) =>
            inner.ClaimAsync(owner, take, lease, cancellationToken);

        public Task<bool> RenewAsync(long deliveryId, string owner, TimeSpan lease, CancellationToken cancellationToken = default) =>
            inner.RenewAsync(deliveryId, owner, lease, cancellationToken);

        public Task ReleaseAsync(IReadOnlyCollection<long> deliveryIds, string owner, DateTimeOffset dueAt, string reason, CancellationToken cancellationToken = default) =>
            inner.ReleaseAsync(deliveryIds, owner, dueAt, reason, cancellationToken);

        public Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(DeliveryStatus? status, int limit, CancellationToken cancellationToken = default) =>
            inner.ListDeliveriesAsync(status, limit, cancellationToken);

        public Task<IReadOnlyDictionary<DeliveryStatus, long>> CountDeliveriesAsync(CancellationToken cancellationToken = default) =>
            inner.CountDeliveriesAsync(cancellationToken);

        public Task<(long Count, DateTimeOffset? Until)> CountLeasedAsync(CancellationToken cancellationToken = default) =>
            inner.CountLeasedAsync(cancellationToken);

        public Task<int> MakeDueAsync(bool includeFailed, CancellationToken cancellationToken = default) =>
            inner.MakeDueAsync(includeFailed, cancellationToken);
    }
}
