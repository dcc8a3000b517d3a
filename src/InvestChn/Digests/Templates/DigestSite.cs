namespace InvestChn.Digests.Templates;

/// <summary>The site, as a digest's header and footer show it.</summary>
public sealed class DigestSite
{
    /// <summary><c>Site:Name</c>, e.g. 投促中国 InvestCHN.</summary>
    public required string Name { get; init; }

    /// <summary><c>Site:BaseUrl</c>: the news site's home page.</summary>
    public required string Url { get; init; }

    /// <summary>Where the feeds are served (<c>Site:PublicUrl</c>/feeds/).</summary>
    public required string FeedsUrl { get; init; }
}
