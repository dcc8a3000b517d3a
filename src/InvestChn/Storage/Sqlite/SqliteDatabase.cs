using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace InvestChn.Storage.Sqlite;

/// <summary>Opens connections to the SQLite file with the settings every connection needs.</summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(IOptions<StorageOptions> options)
        : this(options.Value.ConnectionString)
    {
    }

    public SqliteDatabase(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal) && builder.Mode != SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource);
            FilePath = builder.DataSource;
        }

        builder.ForeignKeys ??= true;
        if (builder.DefaultTimeout == 30)
        {
            builder.DefaultTimeout = 60;
        }

        _connectionString = builder.ToString();
    }

    /// <summary>Absolute path of the database file (null for an in-memory database).</summary>
    public string? FilePath { get; }

    /// <summary>Page cache of a connection for bulk article work (imports, feeds): index inserts stay off the disk.</summary>
    public const int LargeCacheKibibytes = 65_536;

    /// <summary>
    /// Page cache of a connection for subscribers and the outbox, which are walked in key order: as
    /// fast as the large cache (planning 100,000 digests takes the same time), and a pooled
    /// connection then holds at most this much rather than every page it ever read.
    /// </summary>
    public const int SmallCacheKibibytes = 8_192;

    /// <summary>
    /// WAL pages after which a commit copies them into the database file (SQLite's default is
    /// 1,000, some 4 MiB). Recording delivery results rewrites the same few pages commit after
    /// commit; a checkpoint writes each page once however often it changed, and syncs the file, in
    /// the thread that commits. At 10,000 pages (some 40 MiB of WAL) a drain checkpoints a tenth as
    /// often: results are recorded sooner and the connections wait less for them.
    /// </summary>
    public const int CheckpointPages = 10_000;

    /// <summary>Opens a connection: WAL journal, NORMAL sync (safe with WAL), and a busy timeout so concurrent writers wait instead of failing.</summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default) => OpenAsync(LargeCacheKibibytes, cancellationToken);

    /// <summary>Opens a connection as <see cref="OpenAsync(CancellationToken)"/> does, with a page cache of at most <paramref name="cacheKibibytes"/>.</summary>
    public async Task<SqliteConnection> OpenAsync(int cacheKibibytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cacheKibibytes, 1);
        if (FilePath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -" +
                cacheKibibytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + "; PRAGMA wal_autocheckpoint = " +
                CheckpointPages.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
