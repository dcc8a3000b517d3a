using System.Security.Cryptography;
using InvestChn.Storage;
using Microsoft.Extensions.Logging;

namespace InvestChn.Feeds;

/// <summary>
/// Copies the feed files a build wrote into the shared database (a cluster's node built them;
/// every node serves them from there): changed documents are stored with their ETag, documents
/// that are no longer written are removed.
/// </summary>
public sealed partial class FeedPublisher(FeedBuilder builder, IFeedDocumentStore documents, ILogger<FeedPublisher> logger)
{
    /// <summary>The ETag value (without quotes) of a document's bytes: the same on every node.</summary>
    public static string ETagOf(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(SHA256.HashData(bytes), 0, 18).Replace('+', '-').Replace('/', '_');

    /// <summary>Stores what changed since the last publication; returns how many documents were stored and removed.</summary>
    public async Task<(int Stored, int Removed)> PublishAsync(CancellationToken cancellationToken = default)
    {
        var directory = builder.OutputDirectory;
        var stored = (await documents.ListAsync(cancellationToken)).ToDictionary(d => d.Name, StringComparer.Ordinal);
        var changed = new List<(string Name, string ETag, byte[] Content)>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories) : [])
        {
            var name = Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!IsDocument(name))
            {
                continue;
            }

            var content = await File.ReadAllBytesAsync(path, cancellationToken);
            var etag = ETagOf(content);
            present.Add(name);
            if (!stored.TryGetValue(name, out var current) || current.ETag != etag)
            {
                changed.Add((name, etag, content));
            }
        }

        var removed = stored.Keys.Where(n => !present.Contains(n)).ToList();
        await documents.SaveAsync(changed, removed, cancellationToken);
        if (changed.Count + removed.Count > 0)
        {
            LogPublished(changed.Count, removed.Count);
        }

        return (changed.Count, removed.Count);
    }

    /// <summary>Feed documents and the OPML list; not the build's own bookkeeping (the manifest, the lock, temporary files).</summary>
    private static bool IsDocument(string name) =>
        !Path.GetFileName(name).StartsWith('.') &&
        (name.EndsWith(".rss", StringComparison.Ordinal) || name.EndsWith(".atom", StringComparison.Ordinal) ||
         name.EndsWith(".json", StringComparison.Ordinal) || name == OpmlWriter.FileName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feeds stored in the database for every node: {Stored} changed, {Removed} removed")]
    private partial void LogPublished(int stored, int removed);
}
