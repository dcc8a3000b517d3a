using InvestChn.Articles;
using InvestChn.Delivery;
using InvestChn.Digests;
using InvestChn.Feeds;
using InvestChn.Storage;
using InvestChn.Subscribers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InvestChn.Tests.Storage;

/// <summary>The library's real services on a real SQLite file in a temp folder, with a fake clock.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private readonly bool _ownsDirectory;

    private TestStore(TempDirectory directory, ServiceProvider services, FakeTimeProvider time, bool ownsDirectory)
    {
        _ownsDirectory = ownsDirectory;
        Directory = directory;
        _services = services;
        Time = time;
    }

    public TempDirectory Directory { get; }

    public FakeTimeProvider Time { get; }

    public string DatabasePath => Directory.File("investchn.db");

    public IArticleStore Articles => _services.GetRequiredService<IArticleStore>();

    public ArticleImporter Importer => _services.GetRequiredService<ArticleImporter>();

    public IStoreMigrator Migrator => _services.GetRequiredService<IStoreMigrator>();

    public FeedBuilder Feeds => _services.GetRequiredService<FeedBuilder>();

    public string FeedsDirectory => Directory.File("feeds");

    public string MailDirectory => Directory.File("mail");

    public ISubscriberStore Subscribers => _services.GetRequiredService<ISubscriberStore>();

    public SubscriberDirectory SubscriberDirectory => _services.GetRequiredService<SubscriberDirectory>();

    public IDigestStore Digests => _services.GetRequiredService<IDigestStore>();

    public DigestPlanner Planner => _services.GetRequiredService<DigestPlanner>();

    public DigestComposer Composer => _services.GetRequiredService<DigestComposer>();

    public DigestRenderer Renderer => _services.GetRequiredService<DigestRenderer>();

    public OutboxDispatcher Dispatcher => _services.GetRequiredService<OutboxDispatcher>();

    /// <summary>Any other service of the library.</summary>
    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>
    /// A store in a new folder, or — with <paramref name="sharing"/> — in another store's folder, as a restarted process with other settings would be.
    /// <paramref name="services"/> may replace services after the library's own (the last registration wins).
    /// </summary>
    public static async Task<TestStore> CreateAsync(Dictionary<string, string?>? settings = null, bool migrate = true, TestStore? sharing = null, Action<IServiceCollection>? services = null)
    {
        var directory = sharing?.Directory ?? new TempDirectory();
        // The shipped appsettings.json (channel slugs and all), then what the test sets.
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = $"Data Source={directory.File("investchn.db")}",
                ["Feeds:OutputDirectory"] = directory.File("feeds"),
                ["Site:PublicUrl"] = "http://127.0.0.1:5080",
                ["Templates:Directory"] = TestPaths.Templates,
                ["Mail:PickupDirectory"] = directory.File("mail"),
                // Every test segments with the repository's dictionary: the segmenter's word list is process-wide.
                ["Segmentation:DictionaryDirectory"] = Path.Combine(TestPaths.Seeds, "dict"),
            })
            .AddInMemoryCollection(settings ?? [])
            .Build();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero));
        var collection = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(time)
            .AddLogging()
            .AddInvestChn();
        services?.Invoke(collection);
        var provider = collection.BuildServiceProvider(validateScopes: true);
        var store = new TestStore(directory, provider, time, ownsDirectory: sharing is null);
        if (migrate)
        {
            await store.Migrator.MigrateAsync();
        }

        return store;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_ownsDirectory)
        {
            Directory.Dispose();
        }
    }
}
