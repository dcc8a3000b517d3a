using System.Diagnostics.Metrics;
using InvestChn.Diagnostics;
using InvestChn.Subscribers;
using InvestChn.Tests.Delivery;
using InvestChn.Tests.Storage;

namespace InvestChn.Tests.Diagnostics;

/// <summary>The <c>InvestChn</c> meter, read with a <see cref="MeterListener"/> as an exporter would, while the real planner, dispatcher and feed builder run.</summary>
public sealed class PublisherMetricsTests
{
    [Fact]
    public async Task DrainAsync_SentDeferredAndFailed_AreCountedOnce()
    {
        await using var server = await TestSmtpServer.StartAsync();
        await using var store = await TestStore.CreateAsync(DeliveryScenario.Settings(server));
        using var metrics = new Recorder(store);
        await DeliveryScenario.AddSubscribersAsync(store, "ok@example.com", "later@example.com", "gone@example.com");
        await DeliveryScenario.ImportSomeNewsAsync(store);
        await DeliveryScenario.PlanDailyAsync(store, expectedToSend: 3);
        server.RefuseRecipient("gone@example.com");
        server.DeferNext(1);

        var report = await store.Dispatcher.DrainAsync();

        Assert.Equal((1, 1, 1), (report.Sent, report.Deferred, report.Failed));
        Assert.Equal(1, metrics.Sum("investchn.messages.sent"));
        Assert.Equal(1, metrics.Sum("investchn.messages.deferred"));
        Assert.Equal(1, metrics.Sum("investchn.messages.failed"));
        Assert.Equal(0, metrics.Sum("investchn.messages.skipped"));
    }

    [Fact]
    public async Task PlanAsync_RecordsOneDurationPerPlannedEditionWithItsFrequency()
    {
        await using var store = await TestStore.CreateAsync(DeliveryScenario.Settings(null));
        using var metrics = new Recorder(store);
        await DeliveryScenario.AddSubscribersAsync(store, "a@example.com");
        await DeliveryScenario.ImportSomeNewsAsync(store);

        await store.Planner.PlanAsync(DigestFrequency.Daily, store.Time.GetUtcNow());
        await store.Planner.PlanAsync(DigestFrequency.Weekly, store.Time.GetUtcNow());
        await store.Planner.PlanAsync(DigestFrequency.Daily, store.Time.GetUtcNow());

        var durations = metrics.Measurements("investchn.edition.planning.duration");
        Assert.Equal(["daily", "weekly"], durations.Select(m => m.Tags["investchn.edition.frequency"]));
        Assert.All(durations, m => Assert.True(m.Value >= 0));
    }

    [Fact]
    public async Task BuildAsync_CountsBuildsAndTheFilesWritten()
    {
        await using var store = await TestStore.CreateAsync();
        using var metrics = new Recorder(store);
        await DeliveryScenario.ImportSomeNewsAsync(store);

        var first = await store.Feeds.BuildAsync();
        var second = await store.Feeds.BuildAsync();

        Assert.Equal(0, second.Written);
        var builds = metrics.Measurements("investchn.feeds.builds");
        Assert.Equal([true, false], builds.Select(m => m.Tags["investchn.feeds.changed"]));
        Assert.Equal(first.Written, metrics.Sum("investchn.feeds.files.written"));
        Assert.True(first.Written > 0);
    }

    /// <summary>Listens to the <c>InvestChn</c> meter of one store's services only (tests run side by side).</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];

        public Recorder(TestStore store)
        {
            var factory = store.Get<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PublisherMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();

            // Instruments are created with the services that record them; make them exist now.
            store.Get<PublisherMetrics>();
            _listener.RecordObservableInstruments();
        }

        public double Sum(string instrument)
        {
            lock (_measurements)
            {
                return _measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);
            }
        }

        public List<(double Value, Dictionary<string, object?> Tags)> Measurements(string instrument)
        {
            lock (_measurements)
            {
                return _measurements.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Tags)).ToList();
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value, copy));
            }
        }
    }
}
