using System.Diagnostics;
using System.Globalization;
using InvestChn.Articles;
using InvestChn.Delivery;
using InvestChn.Delivery.Smtp;
using InvestChn.Digests;
using InvestChn.Storage;
using InvestChn.Storage.Postgres;
using InvestChn.Storage.Sqlite;
using InvestChn.Subscribers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace InvestChn.Benchmarks;

/// <summary>
/// A daily edition to many subscribers through a local SMTP sink: subscribers first (cursor 0), then
/// a few recent articles imported, the edition planned, and the outbox drained by the real
/// dispatcher over <c>Smtp:Connections</c> MailKit connections. Store and transport calls are timed
/// by thin wrappers around the real services; a sequential sample times model, Razor, MIME and
/// serialisation on their own, after the figures.
/// </summary>
internal static class DeliverBenchmark
{
    /// <param name="CachedTemplates">
    /// True: the set-up compiles the templates into <c>Templates:CacheDirectory</c>, as the worker's
    /// start or an earlier run leaves them, and the measured process loads them; false: the measured
    /// process compiles them (the first run after a template is edited).
    /// </param>
    public sealed record Settings(int Subscribers, int Connections, int Port, int Articles, int ExcerptLength, int Sample, string Provider = StorageOptions.Sqlite, int Nodes = 1, bool CachedTemplates = true);

    /// <summary>The variable naming the PostgreSQL server for <c>--provider Postgres</c> (an Npgsql connection string; the password stays out of the command line).</summary>
    public const string PostgresVariable = "INVESTCHN_BENCH_POSTGRES";

    public static async Task<int> RunAsync(string root, Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.Equals(settings.Provider, StorageOptions.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            return await RunOnAsync(root, settings, $"Data Source={Path.Combine(root, "bench.db")}");
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Console.Error.WriteLine($"--provider Postgres needs {PostgresVariable}: an Npgsql connection string of a server where the benchmark may create a database");
            return 2;
        }

        // A database of its own, dropped afterwards, so every run starts from an empty outbox.
        var name = "investchn_bench_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        await AdminAsync(server, $"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'");
        try
        {
            return await RunOnAsync(root, settings with { Provider = StorageOptions.Postgres }, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    /// <summary>The variables that hand the child process its store (a connection string stays off the command line).</summary>
    private const string SetupStoreVariable = "INVESTCHN_BENCH_SETUP_STORE";
    private const string SetupRootVariable = "INVESTCHN_BENCH_SETUP_ROOT";

    private static string EmailOf(int i) => $"reader{i.ToString(CultureInfo.InvariantCulture)}@example.com";

    /// <summary>Runs <see cref="SetUpAsync"/> in a child process of this same program and waits for it.</summary>
    private static async Task<int> SetUpInChildAsync(string root, Settings settings, string connectionString)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(DeliverBenchmark).Assembly.Location);
        }

        foreach (var argument in new[]
        {
            "deliver-setup", "--subscribers", settings.Subscribers.ToString(CultureInfo.InvariantCulture),
            "--articles", settings.Articles.ToString(CultureInfo.InvariantCulture), "--excerpt", settings.ExcerptLength.ToString(CultureInfo.InvariantCulture),
            "--provider", settings.Provider, "--templates", settings.CachedTemplates ? "cached" : "compile",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[SetupStoreVariable] = connectionString;
        start.Environment[SetupRootVariable] = root;
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            Console.Error.WriteLine($"the set-up process failed (exit {child.ExitCode})");
        }

        return child.ExitCode;
    }

    /// <summary>
    /// The set-up, in its own process: the store migrated, the subscribers added before any article
    /// (so every cursor is 0 and the edition offers them all), then a few articles dated the last
    /// three days imported, so the daily edition takes them.
    /// </summary>
    public static async Task<int> SetUpAsync(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var connectionString = Environment.GetEnvironmentVariable(SetupStoreVariable);
        var root = Environment.GetEnvironmentVariable(SetupRootVariable);
        if (string.IsNullOrEmpty(connectionString) || string.IsNullOrEmpty(root))
        {
            Console.Error.WriteLine($"deliver-setup runs as the deliver benchmark's child: {SetupStoreVariable} and {SetupRootVariable} must be set");
            return 2;
        }

        await using var services = Build(root, FindRepository(), settings, connectionString, new StageStats());
        await services.GetRequiredService<IStoreMigrator>().MigrateAsync();
        var subscriberStore = services.GetRequiredService<ISubscriberStore>();
        var watch = Stopwatch.StartNew();
        const int batch = 10_000;
        for (var first = 0; first < settings.Subscribers; first += batch)
        {
            var inputs = Enumerable.Range(first, Math.Min(batch, settings.Subscribers - first))
                .Select(i => new SubscriberInput(EmailOf(i), i % 3 == 0 ? "" : $"读者{i.ToString(CultureInfo.InvariantCulture)}", DigestFrequency.Daily, [], []))
                .ToList();
            await subscriberStore.SaveAsync(inputs, SubscriberStatus.Active);
        }

        Print($"set-up: added {settings.Subscribers:N0} active daily subscribers in {watch.Elapsed.TotalSeconds:F1} s");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var clock = services.GetRequiredService<TimeProvider>();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        PageGenerator.Write(Path.Combine(root, "pages"), settings.Articles, today.AddDays(-3), 3, 5);
        var import = await services.GetRequiredService<ArticleImporter>().ImportAsync([Path.Combine(root, "pages")]);
        Print($"set-up: imported {import.Added} of {settings.Articles} generated articles ({import.Summary})");
        if (settings.CachedTemplates)
        {
            watch.Restart();
            var problems = await services.GetRequiredService<DigestRenderer>().CompileAllAsync();
            Print($"set-up: compiled the digest templates into Templates:CacheDirectory in {watch.Elapsed.TotalSeconds:F1} s, as the worker's start or an earlier run leaves them{(problems.Count > 0 ? ": " + string.Join("; ", problems) : "")}");
            if (problems.Count > 0)
            {
                return 1;
            }
        }

        return import.Added == settings.Articles ? 0 : 1;
    }

    private static async Task AdminAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> RunOnAsync(string root, Settings settings, string connectionString)
    {
        var repository = FindRepository();
        var stats = new StageStats();
        Print($"store: {settings.Provider}, {settings.Nodes} node(s) draining, {settings.Connections} connections each");
        await using var services = Build(root, repository, settings, connectionString, stats);
        await services.GetRequiredService<IStoreMigrator>().MigrateAsync();
        var digestStore = services.GetRequiredService<IDigestStore>();
        var clock = services.GetRequiredService<TimeProvider>();
        var watch = Stopwatch.StartNew();

        // The list and the articles come from a process of their own, as `subscribers import` and
        // `import` would write them: what is measured here is what `digest run` does (plan the
        // edition, compile the templates, drain the outbox), not the admin's set-up work, whose
        // memory (the segmenter's word list above all) a sending process never holds.
        if (await SetUpInChildAsync(root, settings, connectionString) is var setUp and not 0)
        {
            return setUp;
        }

        Print($"set up in a separate process in {watch.Elapsed.TotalSeconds:F1} s; this process: {Memory()}");

        GC.Collect();
        watch.Restart();
        var plan = await services.GetRequiredService<DigestPlanner>().PlanAsync(DigestFrequency.Daily, clock.GetUtcNow());
        watch.Stop();
        var planSeconds = watch.Elapsed.TotalSeconds;
        Print($"planning: edition {plan.Edition?.ScheduledAt:u}, {plan.ToSend:N0} to send, {plan.Skipped:N0} with nothing new, in {watch.Elapsed.TotalSeconds:F2} s = {plan.ToSend / watch.Elapsed.TotalSeconds:N0} rows/s; {Memory()}");
        if (plan.ToSend != settings.Subscribers || plan.Edition is null)
        {
            Console.Error.WriteLine($"expected {settings.Subscribers} digests to send, planned {plan.ToSend}");
            return 1;
        }

        watch.Restart();
        var problems = await services.GetRequiredService<DigestRenderer>().CompileAllAsync();
        if (problems.Count > 0)
        {
            Console.Error.WriteLine(string.Join('\n', problems));
            return 1;
        }

        var templateCache = services.GetRequiredService<DigestRenderer>().Cache;
        Print($"templates: {templateCache.LoadedFromFolder} loaded from Templates:CacheDirectory, {templateCache.Stored} compiled, in {watch.Elapsed.TotalSeconds:F2} s; {Memory()}");

        // The drain itself.
        GC.Collect();
        stats.Reset();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var gcCounts = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var gcPause = GC.GetTotalPauseDuration();
        using var process = Process.GetCurrentProcess();
        var renderer = services.GetRequiredService<DigestRenderer>();
        var (rendered, filled) = (renderer.TemplateRenders, renderer.SharedRenders);
        var cpu = process.TotalProcessorTime;
        watch.Restart();
        // Further nodes: their own services, connection pools and SMTP connections on the same store.
        var others = new List<ServiceProvider>();
        for (var node = 1; node < settings.Nodes; node++)
        {
            others.Add(Build(root, repository, settings, connectionString, stats));
        }

        DispatchReport report;
        try
        {
            var reports = await Task.WhenAll(new[] { services }.Concat(others).Select(s => Task.Run(() => s.GetRequiredService<OutboxDispatcher>().DrainAsync())));
            report = reports.Length == 1 ? reports[0] : Sum(reports);
        }
        finally
        {
            foreach (var other in others)
            {
                await other.DisposeAsync();
            }
        }

        watch.Stop();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        var seconds = watch.Elapsed.TotalSeconds;
        var rate = report.Sent / seconds;
        var allocatedMiB = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024.0;
        Print($"drain: sent {report.Sent:N0}, deferred {report.Deferred}, failed {report.Failed}, skipped {report.Skipped}, not tried {report.Released}{(report.StopReason is null ? "" : ", stopped: " + report.StopReason)}");
        Print($"drain: {seconds:F2} s = {rate:N0} messages/s over {settings.Connections * settings.Nodes} connections; process CPU {cpuSeconds:F1} s = {cpuSeconds * 1e6 / Math.Max(1, report.Sent):N0} µs/message ({cpuSeconds / seconds * 100:N0}% of one core)");
        Print($"drain: allocated {allocatedMiB:N0} MiB = {allocatedMiB * 1024 * 1024 / Math.Max(1, report.Sent):N0} B/message; GCs gen0 {GC.CollectionCount(0) - gcCounts.Item1}, gen1 {GC.CollectionCount(1) - gcCounts.Item2}, gen2 {GC.CollectionCount(2) - gcCounts.Item3}, paused {(GC.GetTotalPauseDuration() - gcPause).TotalSeconds:F2} s ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)");
        Print($"drain: {renderer.TemplateRenders - rendered:N0} digests rendered by the templates, {renderer.SharedRenders - filled:N0} filled in from a rendering shared with others");
        stats.Print(seconds, settings.Connections * settings.Nodes);

        var counts = await digestStore.CountDeliveriesAsync();
        var sent = counts[DeliveryStatus.Sent];
        var unsent = string.Join(", ", counts.Where(c => c.Key != DeliveryStatus.Sent && c.Value > 0).Select(c => $"{c.Key} {c.Value}"));
        Print($"after the drain: {Memory()}");
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Print($"after a full GC: live managed heap {GC.GetTotalMemory(true) / 1024.0 / 1024.0:N0} MiB");
        Print($"outbox after the drain: sent {sent:N0}{(unsent.Length > 0 ? ", " + unsent : "")}");
        var peak = PeakRssMiB();
        Print($"peak RSS (VmHWM) of everything up to here (store, planning, templates, drain) {peak:N0} MiB, {Environment.ProcessorCount} cores");

        // Diagnostics after the figures: the sample renders each digest twice, one at a time, and
        // would otherwise set the process's peak itself.
        var sampleSubscribers = new List<Subscriber>();
        var subscriberStore = services.GetRequiredService<ISubscriberStore>();
        for (var i = 0; i < Math.Min(settings.Sample, settings.Subscribers); i++)
        {
            sampleSubscribers.Add((await subscriberStore.FindAsync(EmailOf(i)))!);
        }

        var averageSize = await ProfileAsync(services, plan.Edition, sampleSubscribers);
        Print($"after the sample: {Memory()}");
        Print($"RESULT messages_per_second={rate:F0} peak_rss_mib={peak:F0} average_message_bytes={averageSize:F0} sent={sent} expected={settings.Subscribers} planning_seconds={planSeconds:F2}");
        return sent == settings.Subscribers && unsent.Length == 0 ? 0 : 1;
    }

    /// <summary>
    /// Times each stage of one digest on its own, one message after another on one connection to
    /// the sink: model, Razor, MIME, serialisation, send. Returns the average size on the wire.
    /// </summary>
    private static async Task<double> ProfileAsync(IServiceProvider services, Edition edition, List<Subscriber> subscribers)
    {
        var composer = services.GetRequiredService<DigestComposer>();
        var renderer = services.GetRequiredService<DigestRenderer>();
        var articleStore = services.GetRequiredService<IArticleStore>();
        var maxArticles = services.GetRequiredService<IOptions<DigestsOptions>>().Value.MaxArticles;
        var articles = (await articleStore.ListImportedAsync(0, edition.ThroughSequence, null))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Sequence).Take(maxArticles).ToList();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        string[] names = ["model", "Razor (HTML + text)", "compose (Razor + MIME)", "serialise", "send"];
        await using var connection = services.GetRequiredService<IMailTransport>().Open();

        // Twice: the first pass warms the JIT and the template caches, the second is measured.
        double size = 0;
        var times = new double[names.Length];
        var bytes = new long[names.Length];
        for (var pass = 0; pass < 2; pass++)
        {
            Array.Clear(times);
            Array.Clear(bytes);
            long length = 0;
            foreach (var subscriber in subscribers)
            {
                var stage = 0;
                var start = Stopwatch.GetTimestamp();
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                void Lap()
                {
                    var now = Stopwatch.GetTimestamp();
                    var total = GC.GetTotalAllocatedBytes(precise: true);
                    times[stage] += Stopwatch.GetElapsedTime(start, now).TotalMicroseconds;
                    bytes[stage++] += total - allocated;
                    start = Stopwatch.GetTimestamp();
                    allocated = GC.GetTotalAllocatedBytes(precise: true);
                }

                var model = composer.CreateModel(DigestFrequency.Daily, edition.ScheduledAt, subscriber, articles);
                Lap();
                _ = await renderer.RenderAsync(model);
                Lap();
                var message = await composer.ComposeAsync(model, DigestComposer.MessageIdFor(DigestFrequency.Daily, edition.ScheduledAt, subscriber.Id, composer.MailDomain), edition.CreatedAt);
                Lap();
                using (var counter = new CountingStream())
                {
                    message.WriteTo(format, counter);
                    length += counter.Length;
                }

                Lap();
                var outcome = await connection.SendAsync(message);
                Lap();
                if (outcome.Status != SendStatus.Sent)
                {
                    throw new InvalidOperationException("the sink refused a message: " + outcome.Reply);
                }
            }

            size = (double)length / subscribers.Count;
        }

        var n = subscribers.Count;
        Print($"per-message stages, one after another, sample of {n:N0} messages of {size / 1024:F1} KiB on average (compose includes a second Razor render):");
        for (var i = 0; i < names.Length; i++)
        {
            Print($"  {names[i],-24} {times[i] / n,7:N0} µs  {bytes[i] / n / 1024.0,7:N1} KiB allocated");
        }

        return size;
    }

    /// <summary>The nodes' reports added up (the first stop reason kept).</summary>
    private static DispatchReport Sum(DispatchReport[] reports) => reports[0] with
    {
        Sent = reports.Sum(r => r.Sent),
        Deferred = reports.Sum(r => r.Deferred),
        Failed = reports.Sum(r => r.Failed),
        Skipped = reports.Sum(r => r.Skipped),
        Released = reports.Sum(r => r.Released),
        StopReason = reports.Select(r => r.StopReason).FirstOrDefault(r => r is not null),
    };

    private static ServiceProvider Build(string root, string repository, Settings settings, string connectionString, StageStats stats)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(repository, "src", "InvestChn.Publisher", "appsettings.json"), optional: false)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = settings.Provider,
                ["Storage:ConnectionString"] = connectionString,
                ["Feeds:OutputDirectory"] = Path.Combine(root, "feeds"),
                ["Mail:PickupDirectory"] = Path.Combine(root, "mail"),
                ["Templates:Directory"] = Path.Combine(repository, "templates"),
                ["Templates:CacheDirectory"] = Path.Combine(root, "templates-cache"),
                ["Site:PublicUrl"] = "https://www.investchn.com",
                ["Digests:MaxArticles"] = "10",
                ["Digests:ExcerptLength"] = settings.ExcerptLength.ToString(CultureInfo.InvariantCulture),
                ["Smtp:Host"] = "127.0.0.1",
                ["Smtp:Port"] = settings.Port.ToString(CultureInfo.InvariantCulture),
                ["Smtp:Security"] = "None",
                ["Smtp:Connections"] = settings.Connections.ToString(CultureInfo.InvariantCulture),
                ["Smtp:TimeoutSeconds"] = "60",
            })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddInvestChn();

        // The real store and transport, each call timed.
        services.AddSingleton<IDigestStore>(p => new TimedDigestStore(
            settings.Provider == StorageOptions.Postgres ? p.GetRequiredService<PostgresDigestStore>() : p.GetRequiredService<SqliteDigestStore>(), stats));
        services.AddSingleton<IMailTransport>(p => new TimedTransport(ActivatorUtilities.CreateInstance<SmtpTransport>(p), stats));
        return services.BuildServiceProvider();
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InvestChn.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("InvestChn.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Memory()
    {
        var status = File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[1].TrimEnd().EndsWith(" kB", StringComparison.Ordinal))
                .ToDictionary(p => p[0], p => long.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0)
            : [];
        var rss = status.GetValueOrDefault("VmRSS");
        var info = GC.GetGCMemoryInfo();
        var generations = string.Join("/", Enumerable.Range(0, info.GenerationInfo.Length).Select(g => (info.GenerationInfo[g].SizeAfterBytes / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture)));
        return string.Create(CultureInfo.InvariantCulture, $"RSS {rss:N0} MiB (anonymous {status.GetValueOrDefault("RssAnon"):N0}, files {status.GetValueOrDefault("RssFile"):N0}), peak {PeakRssMiB():N0} MiB, managed heap {GC.GetTotalMemory(false) / 1024.0 / 1024.0:N0} MiB (after the last GC, gen0/1/2/LOH/POH {generations} MiB, committed {info.TotalCommittedBytes / 1024.0 / 1024.0:N0} MiB){SqliteMemory()}");
    }

    /// <summary>SQLite's own allocations, once SQLite is loaded (a PostgreSQL run never opens it).</summary>
    private static string SqliteMemory()
    {
        try
        {
            return string.Create(CultureInfo.InvariantCulture, $"; SQLite {SQLitePCL.raw.sqlite3_memory_used() / 1024.0 / 1024.0:N0} MiB");
        }
        catch (Exception e) when (e.Message.Contains("SetProvider", StringComparison.Ordinal))
        {
            return string.Empty;
        }
    }

    private static double PeakRssMiB()
    {
        if (File.Exists("/proc/self/status"))
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1024.0 / 1024.0;
    }

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));

    private static void Print(string line) => Console.WriteLine(line);

    /// <summary>Time spent in each store and transport call, summed over all connections.</summary>
    private sealed class StageStats
    {
        private readonly long[] _ticks = new long[4];
        private readonly long[] _calls = new long[4];
        private static readonly string[] Names = ["claim", "send (SMTP)", "record result", "renew lease"];

        public const int Claim = 0, Send = 1, Complete = 2, Renew = 3;

        public async Task<T> Time<T>(int stage, Func<Task<T>> call)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                return await call();
            }
            finally
            {
                Interlocked.Add(ref _ticks[stage], Stopwatch.GetTimestamp() - start);
                Interlocked.Increment(ref _calls[stage]);
            }
        }

        public void Reset()
        {
            Array.Clear(_ticks);
            Array.Clear(_calls);
        }

        public void Print(double seconds, int connections)
        {
            var parts = new List<string>();
            double busy = 0;
            for (var i = 0; i < _ticks.Length; i++)
            {
                if (_calls[i] == 0)
                {
                    continue;
                }

                var total = (double)_ticks[i] / Stopwatch.Frequency;
                // Claims run beside the senders, and a result is recorded while its connection sends the next message.
                busy += i is Claim or Complete ? 0 : total;
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Names[i]} {_calls[i]:N0} calls, {total:F1} s, {total * 1e6 / _calls[i]:N0} µs each"));
            }

            DeliverBenchmark.Print($"drain stages (wall time summed over connections): {string.Join("; ", parts)}");
            var other = (seconds * connections) - busy;
            DeliverBenchmark.Print($"drain: connection time outside sending (render, compose, waiting for work) {other:F1} s = {other * 1e6 / Math.Max(1, _calls[Send]):N0} µs per message; claims run beside the senders, results are recorded while the next message goes out (its end held back until then)");
        }
    }

    private sealed class TimedTransport(IMailTransport inner, StageStats stats) : IMailTransport
    {
        public int Connections => inner.Connections;

        public string Destination => inner.Destination;

        public IMailConnection Open() => new TimedConnection(inner.Open(), stats);
    }

    private sealed class TimedConnection(IMailConnection inner, StageStats stats) : IMailConnection
    {
        public Task<SendOutcome> SendAsync(MimeMessage message, CancellationToken cancellationToken = default) =>
            stats.Time(StageStats.Send, () => inner.SendAsync(message, cancellationToken));

        public Task<SendOutcome> SendAfterAsync(MimeMessage message, Task<bool> after, CancellationToken cancellationToken = default) =>
            stats.Time(StageStats.Send, () => inner.SendAfterAsync(message, after, cancellationToken));

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class TimedDigestStore(IDigestStore inner, StageStats stats) : IDigestStore
    {
        public Task<Edition> OpenEditionAsync(DigestFrequency frequency, DateTimeOffset scheduledAt, CancellationToken cancellationToken = default) =>
            inner.OpenEditionAsync(frequency, scheduledAt, cancellationToken);

        public Task<Edition?> FindLatestEditionAsync(DigestFrequency frequency, CancellationToken cancellationToken = default) =>
            inner.FindLatestEditionAsync(frequency, cancellationToken);

        public Task<long?> GetLowestCursorAsync(DigestFrequency frequency, CancellationToken cancellationToken = default) =>
            inner.GetLowestCursorAsync(frequency, cancellationToken);

        public Task<IReadOnlyList<Subscriber>> ListUnplannedAsync(Edition edition, long afterId, int take, CancellationToken cancellationToken = default) =>
            inner.ListUnplannedAsync(edition, afterId, take, cancellationToken);

        public Task<IReadOnlySet<long>> AddDeliveriesAsync(Edition edition, IReadOnlyList<PlannedDelivery> deliveries, CancellationToken cancellationToken = default) =>
            inner.AddDeliveriesAsync(edition, deliveries, cancellationToken);

        public Task<IReadOnlyDictionary<long, IReadOnlyDictionary<long, DateTimeOffset>>> GetLastOfferedAsync(
            IReadOnlyCollection<long> subscriberIds, IReadOnlyCollection<long> sequences, DateTimeOffset notBefore, CancellationToken cancellationToken = default) =>
            inner.GetLastOfferedAsync(subscriberIds, sequences, notBefore, cancellationToken);

        public Task MarkPlannedAsync(Edition edition, CancellationToken cancellationToken = default) =>
            inner.MarkPlannedAsync(edition, cancellationToken);

        public Task<IReadOnlyList<OutboxItem>> ClaimAsync(string owner, int take, TimeSpan lease, CancellationToken cancellationToken = default) =>
            stats.Time(StageStats.Claim, () => inner.ClaimAsync(owner, take, lease, cancellationToken));

        public Task<bool> RenewAsync(long deliveryId, string owner, TimeSpan lease, CancellationToken cancellationToken = default) =>
            stats.Time(StageStats.Renew, () => inner.RenewAsync(deliveryId, owner, lease, cancellationToken));

        public Task<bool> CompleteAsync(DeliveryResult result, string owner, int bounceLimit, CancellationToken cancellationToken = default) =>
            stats.Time(StageStats.Complete, () => inner.CompleteAsync(result, owner, bounceLimit, cancellationToken));

        public Task ReleaseAsync(IReadOnlyCollection<long> deliveryIds, string owner, DateTimeOffset dueAt, string reason, CancellationToken cancellationToken = default) =>
            inner.ReleaseAsync(deliveryIds, owner, dueAt, reason, cancellationToken);

        public Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(DeliveryStatus? status, int limit, CancellationToken cancellationToken = default) =>
            inner.ListDeliveriesAsync(status, limit, cancellationToken);

        public Task<IReadOnlyDictionary<DeliveryStatus, long>> CountDeliveriesAsync(CancellationToken cancellationToken = default) =>
            inner.CountDeliveriesAsync(cancellationToken);

        public Task<(long Count, DateTimeOffset? Until)> CountLeasedAsync(CancellationToken cancellationToken = default) =>
            inner.CountLeasedAsync(cancellationToken);

        public Task<int> MakeDueAsync(bool includeFailed, CancellationToken cancellationToken = default) =>
            inner.MakeDueAsync(includeFailed, cancellationToken);
    }

    /// <summary>Counts what is written and keeps nothing.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
