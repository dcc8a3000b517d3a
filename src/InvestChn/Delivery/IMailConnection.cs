using MimeKit;

namespace InvestChn.Delivery;

/// <summary>One connection of a transport; not thread-safe, used by one sender at a time.</summary>
public interface IMailConnection : IAsyncDisposable
{
    /// <summary>Hands one message over and says how it went; failures are results, not exceptions.</summary>
    Task<SendOutcome> SendAsync(MimeMessage message, CancellationToken cancellationToken = default);
}
