using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using InvestChn.Feeds;
using InvestChn.Scheduling;
using InvestChn.Storage;

namespace InvestChn.Publisher.Web;

/// <summary>
/// The written feed files as HTTP serves them: bytes, a strong ETag per encoding, and gzip and
/// brotli copies made once per file version (feeds are small and read far more than written).
/// </summary>
internal sealed partial class FeedFiles(FeedBuilder builder, ClusterFeeds cluster, IServiceProvider services)
{
    private readonly ConcurrentDictionary<string, FeedFile> _cache = new(StringComparer.Ordinal);

    /// <summary>The file for a request path below <c>/feeds/</c>, or null when there is none (unknown names never touch the disk).</summary>
    public async Task<FeedFile?> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (!FeedName().IsMatch(name))
        {
            return null;
        }

        if (cluster.Enabled)
        {
            return await GetStoredAsync(services.GetRequiredService<IFeedDocumentStore>(), name, cancellationToken);
        }

        var info = new FileInfo(Path.Combine(builder.OutputDirectory, name));
        if (!info.Exists)
        {
            return null;
        }

        if (_cache.TryGetValue(name, out var cached) && cached.Length == info.Length && cached.LastWriteUtc == info.LastWriteTimeUtc)
        {
            return cached;
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(info.FullName, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        var file = new FeedFile(name, bytes, info.LastWriteTimeUtc);

        // Subscription documents are asked for all the time; the (possibly thousands of) archive
        // pages rarely, so they are read per request rather than kept in memory.
        if (!name.StartsWith("archive/", StringComparison.Ordinal))
        {
            _cache[name] = file;
        }

        return file;
    }

    /// <summary>
    /// In a cluster: the document one node built and stored, with the stored ETag and time, so every
    /// node answers with the same bytes and headers. The stamp is read per request (one small
    /// query); the bytes only when they changed.
    /// </summary>
    private async Task<FeedFile?> GetStoredAsync(IFeedDocumentStore documents, string name, CancellationToken cancellationToken)
    {
        var stamp = await documents.FindAsync(name, cancellationToken);
        if (stamp is null)
        {
            return null;
        }

        if (_cache.TryGetValue(name, out var cached) && cached.Tag == stamp.ETag)
        {
            return cached;
        }

        if (await documents.GetAsync(name, cancellationToken) is not { } stored)
        {
            return null;
        }

        var file = new FeedFile(name, stored.Content, stored.Stamp.UpdatedAt.UtcDateTime, stored.Stamp.ETag);
        if (!name.StartsWith("archive/", StringComparison.Ordinal))
        {
            _cache[name] = file;
        }

        return file;
    }

    [GeneratedRegex(@"^(?:archive/|topic/)?[a-z0-9]+(?:-[a-z0-9]+)*\.(?:rss|atom|json)$|^index\.opml$")]
    private static partial Regex FeedName();
}

/// <summary>One feed file and its encoded copies.</summary>
internal sealed class FeedFile
{
    private readonly Lazy<byte[]> _gzip;
    private readonly Lazy<byte[]> _brotli;

    public FeedFile(string name, byte[] bytes, DateTime lastWriteUtc, string? tag = null)
    {
        Bytes = bytes;
        LastWriteUtc = lastWriteUtc;
        Length = bytes.Length;
        ContentType = Path.GetExtension(name) switch
        {
            ".rss" => "application/rss+xml; charset=utf-8",
            ".atom" => "application/atom+xml; charset=utf-8",
            ".json" => "application/feed+json; charset=utf-8",
            _ => "text/x-opml; charset=utf-8",
        };
        Tag = tag ?? FeedPublisher.ETagOf(bytes);
        // Optimal, not SmallestSize: brotli's top level costs a hundred milliseconds per page, and
        // archive pages are compressed per request.
        _gzip = new(() => Compress(bytes, s => new GZipStream(s, CompressionLevel.Optimal)));
        _brotli = new(() => Compress(bytes, s => new BrotliStream(s, CompressionLevel.Optimal)));
    }

    public byte[] Bytes { get; }

    public long Length { get; }

    public DateTime LastWriteUtc { get; }

    public string ContentType { get; }

    /// <summary>Hash of the identity bytes; each encoding's ETag adds a suffix, so every representation has its own strong tag.</summary>
    public string Tag { get; }

    public byte[] Encoded(string? encoding) => encoding switch
    {
        "br" => _brotli.Value,
        "gzip" => _gzip.Value,
        _ => Bytes,
    };

    public string ETag(string? encoding) => encoding is null ? $"\"{Tag}\"" : $"\"{Tag}-{encoding}\"";

    /// <summary>True when <paramref name="entityTag"/> names this file in any encoding.</summary>
    public bool Matches(string entityTag)
    {
        var tag = entityTag.StartsWith("W/", StringComparison.Ordinal) ? entityTag[2..] : entityTag;
        return tag == ETag(null) || tag == ETag("gzip") || tag == ETag("br");
    }

    private static byte[] Compress(byte[] bytes, Func<Stream, Stream> compressor)
    {
        using var buffer = new MemoryStream();
        using (var stream = compressor(buffer))
        {
            stream.Write(bytes);
        }

        return buffer.ToArray();
    }
}
