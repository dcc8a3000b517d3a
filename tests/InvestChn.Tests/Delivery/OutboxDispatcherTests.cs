using System.Collections.Concurrent;
using InvestChn.Delivery;
using InvestChn.Digests;
using InvestChn.Storage;
using InvestChn.Subscribers;
using InvestChn.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace InvestChn.Tests.Delivery;

/// <summary>
/// Draining a planned edition through an in-memory transport: every digest once, results recorded
/// before the connection's next send, and the runs that have to stop giving back what they did not try.
/// </summary>
public class OutboxDispatcherTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Digests:MaxArticleAgeDays"] = "0",
        ["Smtp:Connections"] = "3",
    };

    [SkippableTheory]
    [StoreProviders]
    public async Task DrainAsync_PlannedEdition_EachDigestSentOnceAndRecordedBeforeTheConnectionsNextSend(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider, Settings);
        await PlanAsync(store, 40);
        var transport = new RecordingTransport(store.Digests);

        var report = await Dispatcher(store, transport).DrainAsync();

        Assert.Equal((40, 0, 0, 0, 0), (report.Sent, report.Deferred, report.Failed, report.Skipped, report.Released));
        Assert.Null(report.StopReason);
        var rows = await store.Digests.ListDeliveriesAsync(null, 0);
        Assert.All(rows, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.Equal(rows.Select(r => r.MessageId).Order(StringComparer.Ordinal), transport.Sent.Select(s => s.MessageId).Order(StringComparer.Ordinal));
        Assert.Empty(transport.Violations);
        Assert.True(transport.Sent.Select(s => s.Connection).Distinct().Count() > 1);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task DrainAsync_RelayUnreachable_StopsAndGivesBackWhatItDidNotTry(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider, Settings);
        await PlanAsync(store, 40);
        var transport = new RecordingTransport(store.Digests, unreachable: true);

        var report = await Dispatcher(store, transport).DrainAsync();

        Assert.NotNull(report.StopReason);
        Assert.Equal(0, report.Sent);
        var counts = await store.Digests.CountDeliveriesAsync();
        Assert.Equal(40, counts[DeliveryStatus.Pending] + counts[DeliveryStatus.Deferred]);
        Assert.Equal(0, counts[DeliveryStatus.Sending]);
        Assert.Equal(report.Deferred, transport.Sent.Count);
        Assert.InRange(transport.Sent.Count, 1, 3);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task DrainAsync_TemplateFailsToRender_StopsBeforeSendingAndKeepsTheList(string provider)
    {
        using var templates = new TempDirectory();
        foreach (var file in Directory.GetFiles(TestPaths.Templates, "*.cshtml"))
        {
            File.Copy(file, templates.File(Path.GetFileName(file)));
        }

        File.AppendAllText(templates.File(DigestRenderer.TextTemplateName), "\n@{ throw new InvalidOperationException(\"broken template\"); }\n");
        await using var store = await TestStore.CreateOnAsync(provider, new Dictionary<string, string?>(Settings) { ["Templates:Directory"] = templates.Path });
        await PlanAsync(store, 20);
        var transport = new RecordingTransport(store.Digests);

        var report = await Dispatcher(store, transport).DrainAsync();

        Assert.Contains("broken template", report.StopReason, StringComparison.Ordinal);
        Assert.Empty(transport.Sent);
        Assert.Equal(20, report.Released);
        Assert.Equal(20, (await store.Digests.CountDeliveriesAsync())[DeliveryStatus.Pending]);
    }

    private static OutboxDispatcher Dispatcher(TestStore store, IMailTransport transport) =>
        ActivatorUtilities.CreateInstance<OutboxDispatcher>(store.Get<IServiceProvider>(), transport);

    private static async Task PlanAsync(TestStore store, int subscribers)
    {
        // Subscribers first, so the fixture articles are new to all of them.
        await store.Subscribers.SaveAsync(
            Enumerable.Range(0, subscribers).Select(i => new SubscriberInput($"reader{i}@example.com", i % 2 == 0 ? "" : $"读者{i}", DigestFrequency.Daily, [], [])).ToList(),
            SubscriberStatus.Active);
        await store.Importer.ImportAsync([TestPaths.Fixture("FeedPages")]);
        var plan = await store.Planner.PlanAsync(DigestFrequency.Daily, store.Time.GetUtcNow());
        Assert.Equal(subscribers, plan.ToSend);
    }

    /// <summary>Connections that keep what they are given and check, at every send, that the connection's previous message is already recorded.</summary>
    private sealed class RecordingTransport(IDigestStore store, bool unreachable = false) : IMailTransport
    {
        private int _opened;

        public IDigestStore Store { get; } = store;

        public bool Unreachable { get; } = unreachable;

        public ConcurrentQueue<(int Connection, string MessageId)> Sent { get; } = new();

        public ConcurrentQueue<string> Violations { get; } = new();

        public int Connections => 3;

        public string Destination => "memory";

        public IMailConnection Open() => new Connection(this, Interlocked.Increment(ref _opened));

        private sealed class Connection(RecordingTransport owner, int number) : IMailConnection
        {
            private string? _previous;

            public async Task<SendOutcome> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
            {
                if (_previous is not null)
                {
                    var rows = await owner.Store.ListDeliveriesAsync(null, 0, cancellationToken);
                    var previous = rows.Single(r => r.MessageId == _previous);
                    if (previous.Status is DeliveryStatus.Sending or DeliveryStatus.Pending)
                    {
                        owner.Violations.Enqueue($"connection {number} sends {message.MessageId} before {_previous} is recorded");
                    }
                }

                _previous = message.MessageId ?? "";
                owner.Sent.Enqueue((number, _previous));
                await Task.Yield();
                return owner.Unreachable
                    ? new SendOutcome(SendStatus.Unreachable, "cannot open a session with 127.0.0.1:1: refused")
                    : new SendOutcome(SendStatus.Sent, "250 2.0.0 Ok");
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
