using InvestChn.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace InvestChn.Storage;

/// <summary>Checks <see cref="StorageOptions"/>; every failure names its key and value.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new OptionFailures(StorageOptions.SectionName);
        if (!string.Equals(options.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add(nameof(options.Provider), options.Provider, "is not a storage provider of this version (supported: Sqlite)");
        }
        else
        {
            try
            {
                var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.DataSource))
                {
                    failures.Add(nameof(options.ConnectionString), options.ConnectionString, "names no Data Source (e.g. Data Source=data/investchn.db)");
                }
            }
            catch (ArgumentException e)
            {
                failures.Add(nameof(options.ConnectionString), options.ConnectionString, $"is not a SQLite connection string ({e.Message})");
            }
        }

        return failures.ToResult();
    }
}
