namespace InvestChn.Digests;

/// <summary>How digest messages are addressed and signed (section <c>Mail</c>).</summary>
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    /// <summary>The From mailbox, e.g. <c>投促中国 &lt;digest@investchn.com&gt;</c>; its domain also names Message-IDs.</summary>
    public string From { get; set; } = "投促中国 <digest@investchn.com>";

    /// <summary>Folder the messages are written to as <c>.eml</c> files when <c>Smtp:Host</c> is empty.</summary>
    public string PickupDirectory { get; set; } = "out/mail";

    /// <summary>DKIM signing; off unless domain, selector and a key are all given.</summary>
    public DkimOptions Dkim { get; set; } = new();
}
