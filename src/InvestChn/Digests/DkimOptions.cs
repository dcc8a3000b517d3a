namespace InvestChn.Digests;

/// <summary>DKIM signing of digests (section <c>Mail:Dkim</c>).</summary>
public sealed class DkimOptions
{
    /// <summary>Signing domain (d=), e.g. <c>investchn.com</c>.</summary>
    public string Domain { get; set; } = "";

    /// <summary>Selector (s=): the key is published at <c>{Selector}._domainkey.{Domain}</c>.</summary>
    public string Selector { get; set; } = "";

    /// <summary>Path of the PEM private key file; keep it outside the repository.</summary>
    public string PrivateKeyFile { get; set; } = "";

    /// <summary>True when every part is given.</summary>
    public bool Enabled => Domain.Length > 0 && Selector.Length > 0 && PrivateKeyFile.Length > 0;
}
