namespace InvestChn.Delivery;

/// <summary>Spaces sends evenly so that all connections together stay under a rate; no limit when the rate is 0.</summary>
public sealed class RateGate(double perSecond, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly TimeSpan _interval = perSecond > 0 ? TimeSpan.FromSeconds(1 / perSecond) : TimeSpan.Zero;
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    /// <summary>Waits for this caller's turn.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken = default)
    {
        if (_interval == TimeSpan.Zero)
        {
            return;
        }

        DateTimeOffset slot;
        var now = time.GetUtcNow();
        lock (_lock)
        {
            slot = _next > now ? _next : now;
            _next = slot + _interval;
        }

        if (slot > now)
        {
            await Task.Delay(slot - now, time, cancellationToken);
        }
    }
}
