namespace InvestChn.Storage;

/// <summary>Where articles and subscribers are kept (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The value of <see cref="Provider"/> for the embedded SQLite file (the default).</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>The value of <see cref="Provider"/> for PostgreSQL, which several nodes can share.</summary>
    public const string Postgres = "Postgres";

    /// <summary><c>Sqlite</c> (embedded, the default) or <c>Postgres</c> (several nodes on one database).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>ADO.NET connection string of the provider; relative SQLite paths are relative to the current directory.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/investchn.db";

    /// <summary>True when <see cref="Provider"/> names PostgreSQL.</summary>
    public bool UsesPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);
}
