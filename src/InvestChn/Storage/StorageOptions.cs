namespace InvestChn.Storage;

/// <summary>Where articles and subscribers are kept (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>Sqlite</c> (embedded, the default).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>ADO.NET connection string of the provider; relative SQLite paths are relative to the current directory.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/investchn.db";
}
