using System.Text.Json;
using InvestChn.IO;

namespace InvestChn.Feeds;

/// <summary>
/// What the last build wrote, kept beside the feeds (<c>.manifest.json</c>): per feed, the
/// store's state it saw and a fingerprint per document, so an unchanged store costs one query.
/// </summary>
internal sealed class FeedManifest
{
    public const string FileName = ".manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Hash of every setting that shapes the output; any change rebuilds everything.</summary>
    public string Settings { get; set; } = string.Empty;

    /// <summary>The store's state (count and newest change) the build saw.</summary>
    public string Store { get; set; } = string.Empty;

    /// <summary>Per feed slug.</summary>
    public Dictionary<string, FeedEntry> Feeds { get; set; } = new(StringComparer.Ordinal);

    public static FeedManifest Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<FeedManifest>(File.ReadAllBytes(path), Json) ?? new() : new();
        }
        catch (JsonException)
        {
            // A damaged manifest only costs a full rebuild.
            return new();
        }
    }

    public Task SaveAsync(string directory, CancellationToken cancellationToken) =>
        AtomicFile.WriteIfChangedAsync(Path.Combine(directory, FileName), JsonSerializer.SerializeToUtf8Bytes(this, Json), cancellationToken);

    /// <summary>One feed (its slug names its channel, through settings in <see cref="Settings"/>): the store state it was built from and its documents' fingerprints.</summary>
    internal sealed class FeedEntry
    {
        public string State { get; set; } = string.Empty;

        /// <summary>Document key (<c>current</c>, <c>archive-3</c>) → fingerprint.</summary>
        public Dictionary<string, string> Documents { get; set; } = new(StringComparer.Ordinal);
    }
}
