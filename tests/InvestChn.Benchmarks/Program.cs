using System.Diagnostics;
using System.Globalization;
using InvestChn;
using InvestChn.Articles;
using InvestChn.Benchmarks;
using InvestChn.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Throughput benchmarks, run by hand in Release (not by the test command):
//   dotnet run -c Release --project tests/InvestChn.Benchmarks -- import [--pages 10000]
//   dotnet run -c Release --project tests/InvestChn.Benchmarks -- feeds [--articles 100000]
//   dotnet run -c Release --project tests/InvestChn.Benchmarks -- deliver [--subscribers 100000] [--connections 4] [--port 2525]
//       [--articles 15] [--excerpt 120] [--sample 1000]   (an SMTP sink must listen on 127.0.0.1:PORT; see deliver.sh)
//       [--provider Sqlite|Postgres] [--nodes 1]   (Postgres: a fresh database on the server INVESTCHN_BENCH_POSTGRES names;
//       --nodes N drains with N nodes' services, each with its own pool and connections, at once)
//       [--templates cached|compile]   (cached: the set-up compiles the templates into Templates:CacheDirectory and the
//       measured process loads them; compile: the measured process compiles them itself)
int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(fallback);
var cachedTemplates = (args.SkipWhile(a => a != "--templates").Skip(1).FirstOrDefault() ?? "cached") switch
{
    "cached" => true,
    "compile" => false,
    var other => throw new ArgumentException($"--templates: '{other}' is neither cached nor compile"),
};

var pages = Option("--pages", 10_000);
var articles = Option("--articles", args.FirstOrDefault() == "deliver" ? 15 : 100_000);
if (args.FirstOrDefault() == "deliver-setup")
{
    // The deliver benchmark's set-up, run by it as a child process.
    return await DeliverBenchmark.SetUpAsync(new DeliverBenchmark.Settings(
        Option("--subscribers", 100_000), 0, 0, Option("--articles", 15), Option("--excerpt", 120), 0,
        args.SkipWhile(a => a != "--provider").Skip(1).FirstOrDefault() ?? StorageOptions.Sqlite, CachedTemplates: cachedTemplates));
}

if (args.FirstOrDefault() is not ("import" or "feeds" or "deliver"))
{
    Console.Error.WriteLine("usage: InvestChn.Benchmarks import [--pages N] | feeds [--articles N] | deliver [--subscribers N] [--connections N] [--port N] [--articles N] [--excerpt N] [--sample N] [--provider Sqlite|Postgres] [--nodes N] [--templates cached|compile]");
    return 2;
}

var root = Path.Combine(Path.GetTempPath(), "investchn-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
if (args[0] == "deliver")
{
    try
    {
        var provider = args.SkipWhile(a => a != "--provider").Skip(1).FirstOrDefault() ?? StorageOptions.Sqlite;
        return await DeliverBenchmark.RunAsync(root, new DeliverBenchmark.Settings(
            Option("--subscribers", 100_000), Option("--connections", 4), Option("--port", 2525), articles, Option("--excerpt", 120), Option("--sample", 1000),
            provider, Option("--nodes", 1), cachedTemplates));
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // (A run that failed before writing anything has no folder, and its error must show.)
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

if (args[0] == "feeds")
{
    try
    {
        await using var feedServices = Build(Path.Combine(root, "bench.db"), Path.Combine(root, "feeds"));
        await feedServices.GetRequiredService<IStoreMigrator>().MigrateAsync();
        await FeedBenchmark.RunAsync(feedServices, articles);
        return 0;
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
    }
}

try
{
    PageGenerator.Write(Path.Combine(root, "warmup"), 300);
    PageGenerator.Write(Path.Combine(root, "pages"), pages);
    var bytes = Directory.EnumerateFiles(Path.Combine(root, "pages")).Sum(f => new FileInfo(f).Length);
    Console.WriteLine($"generated {pages:N0} pages ({bytes / 1024.0 / 1024.0:F1} MiB) in {Path.Combine(root, "pages")}");

    await using var services = Build(Path.Combine(root, "bench.db"), Path.Combine(root, "feeds"));
    await services.GetRequiredService<IStoreMigrator>().MigrateAsync();
    var importer = services.GetRequiredService<ArticleImporter>();

    // Warm-up: JIT, AngleSharp and SQLite set-up, in a store of its own.
    await using (var warm = Build(Path.Combine(root, "warmup.db"), Path.Combine(root, "warmup-feeds")))
    {
        await warm.GetRequiredService<IStoreMigrator>().MigrateAsync();
        await warm.GetRequiredService<ArticleImporter>().ImportAsync([Path.Combine(root, "warmup")]);
    }

    // Parsing alone, on every core, to tell parse cost from store cost.
    var context = new PageParseContext(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), new Uri("https://www.investchn.com/"), TimeProvider.System.GetUtcNow());
    var files = Directory.GetFiles(Path.Combine(root, "pages"));
    var parseWatch = Stopwatch.StartNew();
    var parsedCount = 0;
    Parallel.ForEach(files, file =>
    {
        if (PageParser.Parse(file, File.ReadAllBytes(file), context).Page is not null)
        {
            Interlocked.Increment(ref parsedCount);
        }
    });
    parseWatch.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse only: {parsedCount:N0} pages in {parseWatch.Elapsed.TotalSeconds:F2} s = {parsedCount / parseWatch.Elapsed.TotalSeconds:N0} pages/s"));

    // Parsing and segmentation (what the importer's parallel stage does), on every core.
    var segmenter = services.GetRequiredService<InvestChn.Text.TermSegmenter>();
    var segmentWatch = Stopwatch.StartNew();
    long termCount = 0;
    Parallel.ForEach(files, file =>
    {
        if (PageParser.Parse(file, File.ReadAllBytes(file), context).Page is { } page)
        {
            var terms = segmenter.Terms(page.Title, string.Join("\n\n", page.Body.Select(b => b.Text)));
            Interlocked.Add(ref termCount, terms.Total);
        }
    });
    segmentWatch.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"parse + segment: {parsedCount:N0} pages ({termCount:N0} terms) in {segmentWatch.Elapsed.TotalSeconds:F2} s = {parsedCount / segmentWatch.Elapsed.TotalSeconds:N0} pages/s"));

    foreach (var (label, expected) in new[] { ("first import (all added)", ImportOutcome.Added), ("re-import (all unchanged)", ImportOutcome.Unchanged) })
    {
        GC.Collect();
        var watch = Stopwatch.StartNew();
        var report = await importer.ImportAsync([Path.Combine(root, "pages")]);
        watch.Stop();
        var wrong = report.Items.Count(i => i.Outcome != expected);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {report.Items.Count:N0} pages in {watch.Elapsed.TotalSeconds:F2} s = {report.Items.Count / watch.Elapsed.TotalSeconds:N0} pages/s ({report.Summary}){(wrong > 0 ? $"; {wrong} UNEXPECTED" : "")}"));
    }

    Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MiB, {Environment.ProcessorCount} cores");
    return 0;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(root, recursive: true);
}

static ServiceProvider Build(string database, string feeds) => new ServiceCollection()
    .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = $"Data Source={database}",
        ["Feeds:OutputDirectory"] = feeds,
    }).Build())
    .AddLogging()
    .AddInvestChn()
    .BuildServiceProvider();
