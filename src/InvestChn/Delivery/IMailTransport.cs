namespace InvestChn.Delivery;

/// <summary>Where messages go: an SMTP relay or the pickup folder. The dispatcher opens several connections and uses each for many messages.</summary>
public interface IMailTransport
{
    /// <summary>How many connections to use at once.</summary>
    int Connections { get; }

    /// <summary>Where messages go, for summaries and logs (never with credentials).</summary>
    string Destination { get; }

    /// <summary>A new connection; it connects on first use and is used by one sender at a time.</summary>
    IMailConnection Open();
}
