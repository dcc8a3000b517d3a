namespace InvestChn.Publisher;

/// <summary>The exit codes users script against.</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>The job ran but something failed (a rejected page, a failed delivery).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or bad configuration; the message says which key and why.</summary>
    public const int Usage = 2;
}
