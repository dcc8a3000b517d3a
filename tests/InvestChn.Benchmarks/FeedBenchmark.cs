using System.Diagnostics;
using System.Globalization;
using InvestChn.Articles;
using InvestChn.Feeds;
using InvestChn.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace InvestChn.Benchmarks;

/// <summary>
/// Feed builds over a large store: N generated articles in 30 channels (6 sections of 5), written
/// straight through the store; then a cold build, a build with nothing changed, a build after one
/// new article, and a forced re-render of everything.
/// </summary>
internal static class FeedBenchmark
{
    private static readonly string[] Sections = ["开发区新闻", "政策法规", "招商项目", "投资动态", "园区风采", "国际合作"];

    private static readonly string[] Subsections = ["文字新闻", "图片新闻", "国家政策", "地方政策", "项目发布"];

    public static async Task RunAsync(IServiceProvider services, int articles)
    {
        var store = services.GetRequiredService<IArticleStore>();
        var builder = services.GetRequiredService<FeedBuilder>();
        var watch = Stopwatch.StartNew();
        await FillAsync(store, articles, 0);
        Console.WriteLine($"stored {articles:N0} articles in 30 channels in {watch.Elapsed.TotalSeconds:F1} s");

        await Measure("cold build (empty folder: every document and archive page)", () => builder.BuildAsync());
        await Measure("rebuild, nothing changed", () => builder.BuildAsync());
        await FillAsync(store, 1, articles);
        await Measure("rebuild after one new article", () => builder.BuildAsync());
        foreach (var file in Directory.GetFiles(builder.OutputDirectory, "*.*").Where(f => !Path.GetFileName(f).StartsWith('.')))
        {
            File.Delete(file);
        }

        await Measure("full rebuild of every feed (all 37 subscription documents rendered, archive pages checked)", () => builder.BuildAsync());
        await Measure("forced re-render of every document and archive page (bytes unchanged)", () => builder.BuildAsync(force: true));
        var files = Directory.EnumerateFiles(builder.OutputDirectory, "*", SearchOption.AllDirectories).Count();
        Console.WriteLine($"{files:N0} files in {builder.OutputDirectory}");
    }

    private static async Task Measure(string label, Func<Task<FeedBuildReport>> build)
    {
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var report = await build();
        watch.Stop();
        var megabytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024.0;
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {watch.Elapsed.TotalMilliseconds:N0} ms ({report.Summary}); allocated {megabytes:N0} MiB, peak working set so far {process.PeakWorkingSet64 / 1024 / 1024:N0} MiB"));
    }

    private static async Task FillAsync(IArticleStore store, int count, int offset)
    {
        var random = new Random(offset + 7);
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        const int batch = 5000;
        for (var first = 0; first < count; first += batch)
        {
            await using var session = await store.BeginImportAsync();
            for (var i = first; i < Math.Min(count, first + batch); i++)
            {
                var n = offset + i;
                var channel = new[] { Sections[n % 6], Subsections[(n / 6) % 5] };
                var published = start.AddMinutes(n * 25L + random.Next(20));
                var paragraphs = Enumerable.Range(0, 5).Select(p => $"第{n}号文章第{p + 1}段：园区坚持项目为王，围绕主导产业开展精准招商，新签约项目质量持续提升。管委会表示，将进一步优化营商环境。").ToList();
                var now = DateTimeOffset.UnixEpoch.AddDays(20_000 + (n / 1000));
                await session.InsertAsync(new Article(
                    $"{n:x16}", 0, new Uri($"https://www.investchn.com/news/{n}.html"), false, $"第{n}号重点项目签约仪式举行",
                    published.ToUniversalTime(), DateOnly.FromDateTime(published.DateTime), "投促中国", channel,
                    string.Join('\n', paragraphs.Select(p => $"<p>{p}</p>")), string.Join("\n\n", paragraphs), $"{n:x32}", now, now));
            }

            await session.CommitAsync();
        }
    }
}
