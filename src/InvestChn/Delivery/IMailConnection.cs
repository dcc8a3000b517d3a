using MimeKit;

namespace InvestChn.Delivery;

/// <summary>One connection of a transport; not thread-safe, used by one sender at a time.</summary>
public interface IMailConnection : IAsyncDisposable
{
    /// <summary>Hands one message over and says how it went; failures are results, not exceptions.</summary>
    Task<SendOutcome> SendAsync(MimeMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands one message over, but does not let it be delivered before <paramref name="after"/>
    /// completes: true lets it go; false means it must not be delivered (it ends transient). A
    /// connection may transfer the message meanwhile and hold back only the step that delivers it;
    /// this one waits first.
    /// </summary>
    async Task<SendOutcome> SendAfterAsync(MimeMessage message, Task<bool> after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(after);
        return await after ? await SendAsync(message, cancellationToken) : SendOutcome.HeldBack;
    }
}
