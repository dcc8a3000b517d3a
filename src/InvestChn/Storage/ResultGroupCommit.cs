using System.Collections.Concurrent;

namespace InvestChn.Storage;

/// <summary>
/// Delivery results from many senders, committed together: results handed over while a batch is
/// being written go into the next batch, one transaction for all of them, and every caller returns
/// only once its own result is durable. A batch that fails with a database error is written again
/// one result at a time, so one bad row fails only its own caller. Not cancellable once called: a
/// result handed over is written.
/// </summary>
/// <param name="isDatabaseError">Whether an error came from the database (and is worth retrying result by result).</param>
internal sealed class ResultGroupCommit(Func<Exception, bool> isDatabaseError) : IDisposable
{
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly ConcurrentQueue<PendingResult> _queue = new();

    /// <summary>Records one result with <paramref name="writeBatch"/> (one transaction per call; for each result, whether its row was still the sender's).</summary>
    public async Task<bool> CompleteAsync(DeliveryResult result, string owner, int bounceLimit, Func<List<PendingResult>, Task<bool[]>> writeBatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(owner);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingResult(result, owner, bounceLimit);
        _queue.Enqueue(pending);
        await _writing.WaitAsync(CancellationToken.None);
        try
        {
            // Whoever writes takes everything queued; a caller whose result an earlier writer
            // already took just returns.
            if (!pending.Done.Task.IsCompleted)
            {
                var batch = new List<PendingResult>();
                while (_queue.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                await WriteAsync(batch, writeBatch);
            }
        }
        finally
        {
            _writing.Release();
        }

        return await pending.Done.Task;
    }

    /// <summary>Runs <paramref name="action"/> while no batch is being written (to close what the writer keeps open).</summary>
    public void Exclusive(Action action)
    {
        _writing.Wait();
        try
        {
            action();
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <inheritdoc cref="Exclusive"/>
    public async Task ExclusiveAsync(Action action)
    {
        await _writing.WaitAsync();
        try
        {
            action();
        }
        finally
        {
            _writing.Release();
        }
    }

    public void Dispose() => _writing.Dispose();

    private async Task WriteAsync(List<PendingResult> batch, Func<List<PendingResult>, Task<bool[]>> writeBatch)
    {
        try
        {
            var outcomes = await writeBatch(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(outcomes[i]);
            }

            return;
        }
        catch (Exception e) when (batch.Count > 1 && isDatabaseError(e))
        {
            // Retried one by one below.
        }
        catch (Exception e)
        {
            foreach (var item in batch)
            {
                item.Done.TrySetException(e);
            }

            return;
        }

        foreach (var item in batch)
        {
            try
            {
                item.Done.TrySetResult((await writeBatch([item]))[0]);
            }
            catch (Exception e)
            {
                item.Done.TrySetException(e);
            }
        }
    }
}
