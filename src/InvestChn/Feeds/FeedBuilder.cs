using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InvestChn.Articles;
using InvestChn.Configuration;
using InvestChn.Diagnostics;
using InvestChn.IO;
using InvestChn.Storage;
using InvestChn.Text;
using InvestChn.Topics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InvestChn.Feeds;

/// <summary>
/// Builds the feed set into <c>Feeds:OutputDirectory</c>: every feed as RSS, Atom and JSON with
/// RFC 5005 archive pages, and <c>index.opml</c>. Only documents whose articles changed are
/// rendered; only files whose bytes changed are written, each atomically. Topic feeds (under
/// <c>topic/</c>) hold the newest articles whose segmented terms match the topic's keywords.
/// </summary>
public sealed partial class FeedBuilder(
    IArticleStore store,
    FeedCatalog catalog,
    FeedRenderer renderer,
    OpmlWriter opml,
    IOptions<FeedsOptions> feedsOptions,
    IOptions<SiteOptions> siteOptions,
    IOptions<ImportOptions> importOptions,
    IOptions<ChannelSlugOptions> slugOptions,
    PublisherMetrics metrics,
    IOptions<TopicsOptions> topicsOptions,
    TermSegmenter segmenter,
    ILogger<FeedBuilder> logger)
{
    /// <summary>Bump when the renderer's output changes, so existing feeds are rebuilt.</summary>
    private const int RenderVersion = 2;

    private const string CurrentDocument = "current";

    public string OutputDirectory => Path.GetFullPath(feedsOptions.Value.OutputDirectory);

    /// <summary>Builds what changed since the last build (everything with <paramref name="force"/>).</summary>
    public async Task<FeedBuildReport> BuildAsync(bool force = false, CancellationToken cancellationToken = default)
    {
        var directory = OutputDirectory;
        Directory.CreateDirectory(directory);
        await using var buildLock = await AcquireLockAsync(directory, cancellationToken);

        // Other settings shape every document: start over (stale files go by the folder clean-up below).
        var settings = SettingsFingerprint();
        var manifest = force ? new FeedManifest() : FeedManifest.Load(directory);
        if (manifest.Settings != settings)
        {
            manifest = new FeedManifest();
        }

        // One indexed query answers "has anything changed since the last build?".
        var (articleCount, maxVersion) = await store.GetStateAsync(cancellationToken);
        var storeState = string.Create(CultureInfo.InvariantCulture, $"{articleCount}:{maxVersion}");
        if (topicsOptions.Value.Items.Count > 0)
        {
            // Topic feeds also follow the dictionary and re-segmentation, which change terms but not versions.
            var stale = await store.CountStaleTermsAsync(segmenter.DictionaryHash, cancellationToken);
            storeState += string.Create(CultureInfo.InvariantCulture, $":{segmenter.DictionaryHash}:{stale}");
        }

        if (manifest.Store == storeState && manifest.Feeds.Count > 0 &&
            manifest.Feeds.Keys.All(slug => CurrentFilesExist(directory, slug)) &&
            File.Exists(Path.Combine(directory, OpmlWriter.FileName)))
        {
            var files = manifest.Feeds.Values.Sum(f => f.Documents.Count) * FeedFormats.All.Count + 1;
            LogUnchanged(files);
            metrics.RecordFeedBuild(0);
            return new FeedBuildReport(manifest.Feeds.Count, 0, files, 0);
        }

        var channels = await store.ListChannelsAsync(cancellationToken);
        var feeds = catalog.From(channels);
        var counts = new Counts();
        var previous = manifest.Feeds;
        var next = new System.Collections.Concurrent.ConcurrentDictionary<string, FeedManifest.FeedEntry>(StringComparer.Ordinal);

        // Feeds are independent: render them on every core.
        await Parallel.ForEachAsync(feeds, cancellationToken, async (feed, ct) =>
        {
            var state = feed.IsTopic ? storeState : FeedState(feed, channels);
            previous.TryGetValue(feed.Slug, out var old);
            if (old is not null && old.State == state && CurrentFilesExist(directory, feed.Slug))
            {
                counts.AddUnchanged(old.Documents.Count * FeedFormats.All.Count);
                next[feed.Slug] = old;
                return;
            }

            if (feed.IsTopic)
            {
                next[feed.Slug] = await BuildTopicFeedAsync(directory, feed, state, old, settings, counts, ct);
                return;
            }

            var exact = feed.Channel is null ? null : channels.Select(c => c.Channel).Where(feed.Contains).ToList();
            next[feed.Slug] = await BuildFeedAsync(directory, feed, exact, state, old, settings, counts, ct);
        });

        // Whatever the folder holds beyond this build's documents (a channel renamed, a slug or
        // MaxItems changed, fewer archive pages) goes, judged by the folder itself, not the manifest.
        var expected = next.SelectMany(feed => feed.Value.Documents.Keys.SelectMany(key => FeedFormats.All.Select(f => FileName(feed.Key, key, f))))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var stale in FeedFiles(directory).Where(file => !expected.Contains(file)))
        {
            File.Delete(Path.Combine(directory, stale));
            counts.AddRemoved(1);
        }

        var opmlWritten = await AtomicFile.WriteIfChangedAsync(Path.Combine(directory, OpmlWriter.FileName), opml.Render(feeds), cancellationToken);
        counts.Add(opmlWritten);

        manifest.Settings = settings;
        manifest.Store = storeState;
        manifest.Feeds = new Dictionary<string, FeedManifest.FeedEntry>(next.OrderBy(p => p.Key, StringComparer.Ordinal), StringComparer.Ordinal);
        await manifest.SaveAsync(directory, cancellationToken);

        var report = new FeedBuildReport(feeds.Count, counts.Written, counts.Unchanged, counts.Removed);
        LogBuilt(report.Feeds, report.Written, report.Unchanged, report.Removed);
        metrics.RecordFeedBuild(report.Written);
        return report;
    }

    private async Task<FeedManifest.FeedEntry> BuildFeedAsync(
        string directory, FeedDefinition feed, IReadOnlyCollection<string>? channels, string state, FeedManifest.FeedEntry? old, string settings, Counts counts, CancellationToken cancellationToken)
    {
        var pageSize = feedsOptions.Value.MaxItems;
        var pages = await store.ListPagesAsync(channels, pageSize, cancellationToken);
        var total = pages.Sum(p => p.Count);

        // Archive pages are blocks of MaxItems in import order, so a full page never changes when
        // articles arrive, even backdated ones (RFC 5005 4); the last one fills up. Every article
        // is on one. A feed that fits in its subscription document needs none.
        var archivePages = total > pageSize ? pages.Count : 0;
        var entry = new FeedManifest.FeedEntry { State = state };

        string PageKey(int page) =>
            $"{pages[page].FirstSequence}|{(page + 1 < pages.Count ? pages[page + 1].FirstSequence : -1)}|{pages[page].Count}|{pages[page].MaxVersion}";

        for (var page = 1; page <= archivePages + 1; page++)
        {
            var isCurrent = page == archivePages + 1;
            int? archivePage = isCurrent ? null : page;
            int? previousPage = isCurrent ? (archivePages > 0 ? archivePages : null) : (page > 1 ? page - 1 : null);
            int? nextPage = !isCurrent && page < archivePages ? page + 1 : null;
            var key = archivePage is { } n ? $"archive-{n}" : CurrentDocument;

            // The subscription document (newest MaxItems by published time) changes with any change in the feed.
            var content = isCurrent ? state : PageKey(page - 1);
            var fingerprint = Hash($"{settings}\n{feed.Slug}\n{feed.Title}\n{key}\n{previousPage}\n{nextPage}\n{content}");
            entry.Documents[key] = fingerprint;
            if (old is not null && old.Documents.GetValueOrDefault(key) == fingerprint &&
                FeedFormats.All.All(f => File.Exists(Path.Combine(directory, FileName(feed.Slug, key, f)))))
            {
                counts.AddUnchanged(FeedFormats.All.Count);
                continue;
            }

            var articles = isCurrent
                ? await store.ListNewestAsync(channels, pageSize, cancellationToken)
                : (await store.ListPageAsync(channels, pages[page - 1], pageSize, cancellationToken))
                    .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id, StringComparer.Ordinal).ToList();
            var document = new FeedDocument(feed, archivePage, articles, previousPage, nextPage);
            foreach (var format in FeedFormats.All)
            {
                counts.Add(await AtomicFile.WriteIfChangedAsync(Path.Combine(directory, document.FileName(format)), renderer.Render(document, format), cancellationToken));
            }
        }

        return entry;
    }

    /// <summary>
    /// A topic feed is its subscription document only: topics are for following what is new, and
    /// which articles match shifts with the dictionary, so fixed archive pages would not stay fixed.
    /// </summary>
    private async Task<FeedManifest.FeedEntry> BuildTopicFeedAsync(
        string directory, FeedDefinition feed, string state, FeedManifest.FeedEntry? old, string settings, Counts counts, CancellationToken cancellationToken)
    {
        var entry = new FeedManifest.FeedEntry { State = state };
        var fingerprint = Hash($"{settings}\n{feed.Slug}\n{feed.Title}\n{CurrentDocument}\n{state}");
        entry.Documents[CurrentDocument] = fingerprint;
        if (old is not null && old.Documents.GetValueOrDefault(CurrentDocument) == fingerprint && CurrentFilesExist(directory, feed.Slug))
        {
            counts.AddUnchanged(FeedFormats.All.Count);
            return entry;
        }

        var groups = feed.TopicKeywords!.Select(segmenter.KeywordTerms).Where(g => g.Count > 0).ToList();
        var articles = await store.ListNewestWithTermsAsync(groups, feedsOptions.Value.MaxItems, cancellationToken);
        var document = new FeedDocument(feed, null, articles, null, null);
        foreach (var format in FeedFormats.All)
        {
            counts.Add(await AtomicFile.WriteIfChangedAsync(Path.Combine(directory, document.FileName(format)), renderer.Render(document, format), cancellationToken));
        }

        return entry;
    }

    private static string FileName(string slug, string documentKey, FeedFormat format) =>
        FeedDocument.FileName(slug, documentKey == CurrentDocument ? null : int.Parse(documentKey["archive-".Length..], CultureInfo.InvariantCulture), format);

    /// <summary>Feed files in the folder, its archive and its topics, relative to it ('/'-separated, as document file names are).</summary>
    private static List<string> FeedFiles(string directory)
    {
        IEnumerable<string?> In(string folder) => Directory.Exists(Path.Combine(directory, folder))
            ? Directory.EnumerateFiles(Path.Combine(directory, folder)).Select(f => folder + "/" + Path.GetFileName(f))
            : [];
        var top = Directory.EnumerateFiles(directory).Select(Path.GetFileName);
        return top.Concat(In("archive")).Concat(In(FeedDefinition.TopicFolder))
            .Where(name => name is not null && !Path.GetFileName(name).StartsWith('.') && FeedFormats.All.Any(f => name.EndsWith(f.Extension(), StringComparison.Ordinal)))
            .Select(name => name!)
            .ToList();
    }

    /// <summary>The subscription documents are checked on every build; a lost archive page comes back with <c>feeds build --force</c>.</summary>
    private static bool CurrentFilesExist(string directory, string slug) =>
        FeedFormats.All.All(f => File.Exists(Path.Combine(directory, FileName(slug, CurrentDocument, f))));

    /// <summary>How many articles the feed holds and the newest change among them: equal states mean equal feeds.</summary>
    private static string FeedState(FeedDefinition feed, IReadOnlyList<ChannelStats> channels)
    {
        long count = 0, version = 0;
        foreach (var channel in channels.Where(c => feed.Contains(c.Channel)))
        {
            count += channel.Count;
            version = Math.Max(version, channel.MaxVersion);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{count}:{version}");
    }

    private string SettingsFingerprint()
    {
        var feeds = feedsOptions.Value;
        var site = siteOptions.Value;
        return Hash(string.Join(
            '\n',
            RenderVersion.ToString(CultureInfo.InvariantCulture),
            site.Name,
            site.BaseUrl,
            site.PublicUrl,
            importOptions.Value.TimeZone,
            feeds.MaxItems.ToString(CultureInfo.InvariantCulture),
            feeds.ExcerptLength.ToString(CultureInfo.InvariantCulture),
            feeds.TagAuthority,
            string.Join(',', slugOptions.Value.Slugs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")),
            string.Join(';', topicsOptions.Value.Items.Select(t => $"{t.Slug}={t.Name}:{string.Join(',', t.Keywords)}"))));
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    /// <summary>One build at a time per output folder, across processes (an admin's import and the worker's schedule).</summary>
    private static async Task<FileStream> AcquireLockAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, ".build.lock");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feeds built: {Feeds} feeds, {Written} files written, {Unchanged} unchanged, {Removed} removed")]
    private partial void LogBuilt(int feeds, int written, int unchanged, int removed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feeds unchanged: the store is as the last build saw it ({Files} files)")]
    private partial void LogUnchanged(int files);

    /// <summary>File counts, added to from parallel feed builds.</summary>
    private sealed class Counts
    {
        private int _written;
        private int _unchanged;
        private int _removed;

        public int Written => _written;

        public int Unchanged => _unchanged;

        public int Removed => _removed;

        public void Add(bool written) => Interlocked.Increment(ref written ? ref _written : ref _unchanged);

        public void AddUnchanged(int files) => Interlocked.Add(ref _unchanged, files);

        public void AddRemoved(int files) => Interlocked.Add(ref _removed, files);
    }
}
