namespace InvestChn.Storage;

/// <summary>A stored feed document's stamp: enough to answer a conditional request, and to tell whether a copy is current.</summary>
/// <param name="Name">Path below <c>/feeds/</c>.</param>
/// <param name="ETag">Hash of the bytes (without quotes).</param>
/// <param name="UpdatedAt">When these bytes were stored: the Last-Modified of every node.</param>
public sealed record StoredFeedStamp(string Name, string ETag, DateTimeOffset UpdatedAt);
