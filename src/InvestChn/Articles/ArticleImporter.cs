using System.Security.Cryptography;
using System.Text;
using InvestChn.Configuration;
using InvestChn.Storage;
using InvestChn.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InvestChn.Articles;

/// <summary>
/// Imports page files into the store: files are parsed in parallel, then written in order, a
/// batch per transaction. A bad page is reported and skipped; it never stops the others.
/// Segmentation is part of the parallel parse work, so the single writer only writes. The project
/// dictionary's files are not pages: folder scans leave out the configured dictionary folder and
/// any folder named <c>dict</c> (as in <c>seeds/dict</c>).
/// </summary>
public sealed partial class ArticleImporter(
    IArticleStore store,
    IOptions<ImportOptions> importOptions,
    IOptions<SiteOptions> siteOptions,
    TermSegmenter segmenter,
    TimeProvider time,
    ILogger<ArticleImporter> logger)
{
    private readonly TimeZoneInfo _timeZone = TimeZoneInfo.FindSystemTimeZoneById(importOptions.Value.TimeZone);

    /// <summary>Imports the files and folders (recursively) named by <paramref name="paths"/>.</summary>
    public async Task<ImportReport> ImportAsync(IEnumerable<string> paths, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var items = new List<ImportItem>();
        var files = ExpandPaths(paths, items, segmenter.DictionaryDirectory);
        var dictionaryHash = files.Count > 0 ? segmenter.DictionaryHash : string.Empty;
        var batchSize = importOptions.Value.BatchSize;
        progress?.Report(new ImportProgress(0, files.Count));

        // Parsing (CPU, all cores) of the next batch overlaps with writing (one connection) of this one.
        var batches = Enumerable.Range(0, (files.Count + batchSize - 1) / batchSize)
            .Select(b => files.GetRange(b * batchSize, Math.Min(batchSize, files.Count - (b * batchSize))))
            .ToList();
        var parsing = batches.Count > 0 ? ParseAsync(batches[0], cancellationToken) : null;
        var done = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            var (context, parsed, terms) = await parsing!;
            parsing = b + 1 < batches.Count ? ParseAsync(batches[b + 1], cancellationToken) : null;

            var batch = batches[b];
            await using (var session = await store.BeginImportAsync(cancellationToken))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    items.Add(parsed[i].Page is { } page
                        ? await ApplyAsync(session, batch[i].DisplayPath, page, terms[i]!, dictionaryHash, context.Now, cancellationToken)
                        : new ImportItem(batch[i].DisplayPath, ImportOutcome.Rejected, Reason: parsed[i].Rejection));
                }

                await session.CommitAsync(cancellationToken);
            }

            done += batch.Count;
            progress?.Report(new ImportProgress(done, files.Count));
        }

        var report = new ImportReport(items);
        LogImported(report.Added, report.Updated, report.Unchanged, report.Rejected);
        if (files.Count > 0 && await store.CountStaleTermsAsync(dictionaryHash, cancellationToken) is var stale and > 0)
        {
            // Articles whose pages were not in this import still carry terms of an older dictionary.
            LogStaleTerms(stale);
        }

        return report;
    }

    private Task<(PageParseContext Context, PageParseResult[] Results, ArticleTerms?[] Terms)> ParseAsync(List<PageFile> batch, CancellationToken cancellationToken) =>
        Task.Run(
            async () =>
            {
                var context = new PageParseContext(_timeZone, siteOptions.Value.BaseUri, time.GetUtcNow());
                var parsed = new PageParseResult[batch.Count];
                var terms = new ArticleTerms?[batch.Count];
                await Parallel.ForAsync(0, batch.Count, cancellationToken, (i, _) =>
                {
                    parsed[i] = ReadAndParse(batch[i].FullPath, context);
                    if (parsed[i].Page is { } page)
                    {
                        terms[i] = segmenter.Terms(page.Title, BodyText(page));
                    }

                    return ValueTask.CompletedTask;
                });
                return (context, parsed, terms);
            },
            cancellationToken);

    private static string BodyText(ParsedPage page) =>
        string.Join(Article.ParagraphSeparator, page.Body.Select(b => b.Text).Where(t => t.Length > 0));

    private static PageParseResult ReadAndParse(string path, PageParseContext context)
    {
        byte[] bytes;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > PageParser.MaxPageBytes)
            {
                return PageParser.TooLarge(length);
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PageParseResult.Rejected($"cannot read the file ({e.Message})");
        }

        return PageParser.Parse(path, bytes, context);
    }

    private async Task<ImportItem> ApplyAsync(
        IArticleImportSession session, string path, ParsedPage page, ArticleTerms terms, string dictionaryHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = page.CanonicalUrl is null ? null : await session.FindByUrlAsync(page.CanonicalUrl, cancellationToken);
        if (existing is not null && existing.Title != page.Title && existing.PublishedDate != page.PublishedDate)
        {
            // A template that stamps one URL on many pages would otherwise merge them into one
            // article that flips on every import.
            return new ImportItem(path, ImportOutcome.Rejected, Reason:
                $"its canonical URL {page.CanonicalUrl} already belongs to another article ({existing.Id}: {existing.Title}, {existing.PublishedDate:yyyy-MM-dd})");
        }

        if (existing is null)
        {
            // Without a URL of its own (or against an article whose URL was only derived), the same
            // title on the same day from the same source is the same article: a .txt and an .html
            // copy of one page meet here; two sources' reports under one headline stay two.
            var sameTitle = await session.FindByTitleAndDateAsync(page.Title, page.PublishedDate, cancellationToken);
            existing = sameTitle.FirstOrDefault(a =>
                (page.CanonicalUrl is null || a.UrlIsDerived) &&
                (a.Source == page.Source || a.Source.Length == 0 || page.Source.Length == 0));
        }

        if (existing is not null && page.CanonicalUrl is null && !existing.UrlIsDerived)
        {
            // The copy with its own URL (the HTML page) speaks for the article; an extracted-text
            // copy never overwrites it, so the two never take turns.
            return await UnchangedAsync(session, path, existing, null, dictionaryHash, cancellationToken);
        }

        var bodyHtml = string.Join('\n', page.Body.Select(b => b.Html));
        var bodyText = BodyText(page);
        var hash = ContentHash(page, bodyHtml);

        if (existing is null)
        {
            var id = await NewIdAsync(session, page, cancellationToken);
            var url = page.CanonicalUrl ?? new Uri(siteOptions.Value.BaseUri, $"articles/{id}.html");
            var added = await session.InsertAsync(
                new Article(id, 0, url, page.CanonicalUrl is null, page.Title, page.PublishedAt, page.PublishedDate, page.Source,
                    page.ChannelPath, bodyHtml, bodyText, hash, now, now)
                {
                    Terms = terms,
                    TermsDictionary = dictionaryHash,
                },
                cancellationToken);
            return new ImportItem(path, ImportOutcome.Added, added.Id);
        }

        // A page's own URL replaces a derived one; a page without one keeps whatever the article has.
        var newUrl = page.CanonicalUrl ?? existing.Url;
        var urlIsDerived = page.CanonicalUrl is null && existing.UrlIsDerived;
        if (hash == existing.ContentHash && newUrl == existing.Url && urlIsDerived == existing.UrlIsDerived)
        {
            return await UnchangedAsync(session, path, existing, terms, dictionaryHash, cancellationToken);
        }

        await session.UpdateAsync(
            existing with
            {
                Url = newUrl,
                UrlIsDerived = urlIsDerived,
                Title = page.Title,
                PublishedAt = page.PublishedAt,
                PublishedDate = page.PublishedDate,
                Source = page.Source,
                ChannelPath = page.ChannelPath,
                BodyHtml = bodyHtml,
                BodyText = bodyText,
                ContentHash = hash,
                UpdatedAt = hash == existing.ContentHash ? existing.UpdatedAt : now,
                Terms = terms,
                TermsDictionary = dictionaryHash,
            },
            cancellationToken);
        return new ImportItem(path, ImportOutcome.Updated, existing.Id);
    }

    /// <summary>
    /// An unchanged article whose terms were cut with another dictionary gets fresh ones: from this
    /// page when it is the article's own text, else from the stored text.
    /// </summary>
    private async Task<ImportItem> UnchangedAsync(
        IArticleImportSession session, string path, Article existing, ArticleTerms? terms, string dictionaryHash, CancellationToken cancellationToken)
    {
        if (existing.TermsDictionary != dictionaryHash)
        {
            await session.SetTermsAsync(existing.Id, terms ?? segmenter.Terms(existing.Title, existing.BodyText), dictionaryHash, cancellationToken);
        }

        return new ImportItem(path, ImportOutcome.Unchanged, existing.Id);
    }

    /// <summary>
    /// Ids come from the title and date, so the same pages give the same ids in any store;
    /// on the rare clash the URL and then a counter tell the articles apart.
    /// </summary>
    private static async Task<string> NewIdAsync(IArticleImportSession session, ParsedPage page, CancellationToken cancellationToken)
    {
        var seed = $"{page.Title}\n{page.PublishedDate:yyyy-MM-dd}";
        for (var attempt = 0; ; attempt++)
        {
            var input = attempt switch
            {
                0 => seed,
                1 => $"{seed}\n{page.CanonicalUrl?.AbsoluteUri}",
                _ => $"{seed}\n{page.CanonicalUrl?.AbsoluteUri}\n{attempt}",
            };
            var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)))[..16];
            if (!await session.IdExistsAsync(id, cancellationToken))
            {
                return id;
            }
        }
    }

    private static string ContentHash(ParsedPage page, string bodyHtml)
    {
        var canonical = string.Join(
            '\u001F',
            "v1",
            page.Title,
            page.PublishedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            page.Source,
            string.Join(Article.ChannelSeparator, page.ChannelPath),
            bodyHtml);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static List<PageFile> ExpandPaths(IEnumerable<string> paths, List<ImportItem> missing, string dictionaryDirectory)
    {
        var dictionaryPrefix = Path.TrimEndingDirectorySeparator(dictionaryDirectory) + Path.DirectorySeparatorChar;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<PageFile>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                    .Where(PageParser.IsPageFile)
                    .Select(Path.GetFullPath)
                    .Where(file => !file.StartsWith(dictionaryPrefix, StringComparison.Ordinal) && !InDictionaryFolder(path, file))
                    .Order(StringComparer.Ordinal);
                foreach (var file in found)
                {
                    if (seen.Add(file))
                    {
                        files.Add(new PageFile(file, Display(file)));
                    }
                }
            }
            else if (File.Exists(path))
            {
                var full = Path.GetFullPath(path);
                if (seen.Add(full))
                {
                    files.Add(new PageFile(full, path));
                }
            }
            else
            {
                missing.Add(new ImportItem(path, ImportOutcome.Rejected, Reason: "no such file or folder"));
            }
        }

        return files;
    }

    private static bool InDictionaryFolder(string root, string file)
    {
        var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
        return parts.Take(parts.Length - 1).Contains(DictionaryFolderName, StringComparer.Ordinal);
    }

    /// <summary>The folder name that marks a project dictionary inside a folder of pages.</summary>
    public const string DictionaryFolderName = "dict";

    private static string Display(string fullPath)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) ? fullPath : relative;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import finished: added {Added}, updated {Updated}, unchanged {Unchanged}, rejected {Rejected}")]
    private partial void LogImported(int added, int updated, int unchanged, int rejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} articles were segmented with another dictionary than the current one: run 'investchn articles reindex'")]
    private partial void LogStaleTerms(long count);

    private sealed record PageFile(string FullPath, string DisplayPath);
}
