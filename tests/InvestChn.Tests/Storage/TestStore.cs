using System.Data.Common;
using InvestChn.Articles;
using InvestChn.Delivery;
using InvestChn.Digests;
using InvestChn.Feeds;
using InvestChn.Storage;
using InvestChn.Subscribers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace InvestChn.Tests.Storage;

/// <summary>The library's real services on a real SQLite file in a temp folder (or a real PostgreSQL database of its own), with a fake clock.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private readonly bool _ownsDirectory;

    private readonly bool _ownsDatabase;

    private TestStore(TempDirectory directory, ServiceProvider services, FakeTimeProvider time, bool ownsDirectory, string provider, string connectionString, bool ownsDatabase)
    {
        _ownsDirectory = ownsDirectory;
        _ownsDatabase = ownsDatabase;
        Provider = provider;
        ConnectionString = connectionString;
        Directory = directory;
        _services = services;
        Time = time;
    }

    public TempDirectory Directory { get; }

    public FakeTimeProvider Time { get; }

    /// <summary><c>Sqlite</c> or <c>Postgres</c>.</summary>
    public string Provider { get; }

    /// <summary>The store's <c>Storage:ConnectionString</c> (its own database on PostgreSQL).</summary>
    public string ConnectionString { get; }

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

    /// <summary>A connection of the provider's own to the store's database, for tests that look at rows directly (plain SQL both databases read alike).</summary>
    public async Task<DbConnection> OpenConnectionAsync()
    {
        DbConnection connection = Provider == StorageOptions.Postgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Any other service of the library.</summary>
    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>
    /// A store in a new folder, or — with <paramref name="sharing"/> — in another store's folder, as a restarted process with other settings would be.
    /// <paramref name="services"/> may replace services after the library's own (the last registration wins).
    /// </summary>
    public static Task<TestStore> CreateAsync(Dictionary<string, string?>? settings = null, bool migrate = true, TestStore? sharing = null, Action<IServiceCollection>? services = null) =>
        CreateOnAsync(StorageOptions.Sqlite, settings, migrate, sharing, services);

    /// <summary>
    /// As <see cref="CreateAsync"/>, on <paramref name="provider"/>: SQLite in the folder, or a new
    /// PostgreSQL database of its own on the test server (skipped without one; see <see cref="TestPostgres"/>).
    /// A store <paramref name="sharing"/> another uses the other's provider and database.
    /// </summary>
    public static async Task<TestStore> CreateOnAsync(string provider, Dictionary<string, string?>? settings = null, bool migrate = true, TestStore? sharing = null, Action<IServiceCollection>? services = null)
    {
        provider = sharing?.Provider ?? provider;
        var ownsDatabase = false;
        string connectionString;
        if (sharing is not null)
        {
            connectionString = sharing.ConnectionString;
        }
        else if (provider == StorageOptions.Postgres)
        {
            connectionString = await TestPostgres.CreateDatabaseAsync();
            ownsDatabase = true;
        }
        else
        {
            connectionString = "";
        }

        var directory = sharing?.Directory ?? new TempDirectory();
        if (provider == StorageOptions.Sqlite && sharing is null)
        {
            connectionString = $"Data Source={directory.File("investchn.db")}";
        }

        // The shipped appsettings.json (channel slugs and all), then what the test sets.
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = provider,
                ["Storage:ConnectionString"] = connectionString,
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
        var serviceProvider = collection.BuildServiceProvider(validateScopes: true);
        var store = new TestStore(directory, serviceProvider, time, ownsDirectory: sharing is null, provider, connectionString, ownsDatabase);
        if (migrate)
        {
            await store.Migrator.MigrateAsync();
        }

        return store;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_ownsDatabase)
        {
            await TestPostgres.DropDatabaseAsync(ConnectionString);
        }

        if (_ownsDirectory)
        {
            Directory.Dispose();
        }
    }
}
