using System.Diagnostics;
using System.Diagnostics.Metrics;
using InvestChn.Storage;
using InvestChn.Subscribers;

namespace InvestChn.Diagnostics;

/// <summary>
/// The publisher's instruments on the meter <c>InvestChn</c>: messages sent, deferred, failed and
/// skipped, how long planning an edition takes, feed builds. An OpenTelemetry or Prometheus
/// exporter attaches by the meter's name; nothing is recorded anywhere until one listens.
/// </summary>
public sealed class PublisherMetrics
{
    /// <summary>The meter's name, for exporters (<c>AddMeter("InvestChn")</c>) and listeners.</summary>
    public const string MeterName = "InvestChn";

    private static readonly KeyValuePair<string, object?> Daily = new("investchn.edition.frequency", "daily");
    private static readonly KeyValuePair<string, object?> Weekly = new("investchn.edition.frequency", "weekly");

    private readonly Counter<long> _sent;
    private readonly Counter<long> _deferred;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _skipped;
    private readonly Histogram<double> _planning;
    private readonly Counter<long> _feedBuilds;
    private readonly Counter<long> _feedFilesWritten;

    public PublisherMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);

        // A meter from the host's factory belongs to that host: two hosts in one process (tests) keep apart.
        var meter = meterFactory.Create(MeterName);
        _sent = meter.CreateCounter<long>("investchn.messages.sent", "{message}", "Digests the relay or the pickup folder accepted.");
        _deferred = meter.CreateCounter<long>("investchn.messages.deferred", "{message}", "Digests that met a temporary failure and wait for a retry.");
        _failed = meter.CreateCounter<long>("investchn.messages.failed", "{message}", "Digests refused for good or given up after too many tries.");
        _skipped = meter.CreateCounter<long>("investchn.messages.skipped", "{message}", "Outbox rows closed without sending (nothing new, or the subscriber left).");
        _planning = meter.CreateHistogram<double>("investchn.edition.planning.duration", "s", "Time to plan one edition: a row per subscriber, with their articles.");
        _feedBuilds = meter.CreateCounter<long>("investchn.feeds.builds", "{build}", "Feed builds, by whether any file changed.");
        _feedFilesWritten = meter.CreateCounter<long>("investchn.feeds.files.written", "{file}", "Feed files written because their bytes changed.");
    }

    /// <summary>Counts one recorded delivery result (the dispatcher calls this once the store has it).</summary>
    public void RecordDelivery(DeliveryStatus status)
    {
        switch (status)
        {
            case DeliveryStatus.Sent:
                _sent.Add(1);
                break;
            case DeliveryStatus.Deferred:
                _deferred.Add(1);
                break;
            case DeliveryStatus.Failed:
                _failed.Add(1);
                break;
            case DeliveryStatus.Skipped:
                _skipped.Add(1);
                break;
        }
    }

    /// <summary>Records how long planning an edition of <paramref name="frequency"/> took since <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void RecordPlanning(DigestFrequency frequency, long startTimestamp) =>
        _planning.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, frequency == DigestFrequency.Daily ? Daily : Weekly);

    /// <summary>Counts one feed build and the files it wrote.</summary>
    public void RecordFeedBuild(int filesWritten)
    {
        _feedBuilds.Add(1, new KeyValuePair<string, object?>("investchn.feeds.changed", filesWritten > 0));
        if (filesWritten > 0)
        {
            _feedFilesWritten.Add(filesWritten);
        }
    }
}
