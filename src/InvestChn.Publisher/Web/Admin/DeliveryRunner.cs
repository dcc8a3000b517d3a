using InvestChn.Delivery;

namespace InvestChn.Publisher.Web.Admin;

/// <summary>
/// Drains the outbox in the background for the admin API, so a request that plans an edition of
/// many thousand digests answers at once instead of holding the connection for the whole send.
/// One drain at a time; a request during a drain makes it go round once more (rows it made due
/// after the drain's last claim are not left for the next schedule). On shutdown the drain stops
/// after the messages in flight, as the worker's own schedule does.
/// </summary>
internal sealed partial class DeliveryRunner(IServiceProvider services, TimeProvider time, ILogger<DeliveryRunner> logger) : IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _drain = Task.CompletedTask;
    private bool _again;
    private DeliveryRunState _state = new(false, null, null, 0, 0, 0, 0, 0, null);

    /// <summary>The current or last drain.</summary>
    public DeliveryRunState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Starts a drain, or asks the running one to go round again; returns the state after that.</summary>
    public DeliveryRunState Start()
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return _state;
            }

            if (!_drain.IsCompleted)
            {
                _again = true;
                return _state;
            }

            _state = new DeliveryRunState(true, time.GetUtcNow(), null, 0, 0, 0, 0, 0, null);
            _drain = Task.Run(DrainAsync, CancellationToken.None);
            return _state;
        }
    }

    private async Task DrainAsync()
    {
        int sent = 0, deferred = 0, failed = 0, skipped = 0, notTried = 0;
        string? stopReason = null;
        while (true)
        {
            try
            {
                // Resolved here, not at start: the dispatcher needs the templates, which only a send needs.
                var report = await services.GetRequiredService<OutboxDispatcher>().DrainAsync(progress: null, _stopping.Token);
                (sent, deferred, failed, skipped, notTried) = (sent + report.Sent, deferred + report.Deferred, failed + report.Failed, skipped + report.Skipped, notTried + report.Released);
                stopReason = report.StopReason;
            }
            catch (Exception e)
            {
                // The dispatcher has given its claimed rows back (or left them leased, as after a
                // crash); the state says why this drain ended, the next request starts another.
                LogDrainFailed(e);
                stopReason = e.Message;
            }

            lock (_lock)
            {
                if (_again && stopReason is null && !_stopping.IsCancellationRequested)
                {
                    _again = false;
                    continue;
                }

                _again = false;
                _state = new DeliveryRunState(false, _state.StartedAt, time.GetUtcNow(), sent, deferred, failed, skipped, notTried, stopReason);
                LogDrained(sent, deferred, failed, skipped, notTried);
                return;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task drain;
        lock (_lock)
        {
            _stopping.Cancel();
            drain = _drain;
        }

        // The message in flight finishes; the host's shutdown timeout bounds the wait.
        await drain.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery started from the admin API failed")]
    private partial void LogDrainFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery started from the admin API finished: sent {Sent}, deferred {Deferred}, failed {Failed}, skipped {Skipped}, not tried {NotTried}")]
    private partial void LogDrained(int sent, int deferred, int failed, int skipped, int notTried);
}
