using InvestChn.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InvestChn.Storage;

/// <summary>Checks <see cref="StorageOptions"/>; every failure names its key and value (a PostgreSQL password is never shown).</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new OptionFailures(StorageOptions.SectionName);
        if (options.UsesPostgres)
        {
            ValidatePostgres(options.ConnectionString, failures);
        }
        else if (string.Equals(options.Provider, StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
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
        else
        {
            failures.Add(nameof(options.Provider), options.Provider, "is not a storage provider of this version (supported: Sqlite, Postgres)");
        }

        return failures.ToResult();
    }

    private static void ValidatePostgres(string connectionString, OptionFailures failures)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                failures.Add(nameof(StorageOptions.ConnectionString), Redact(builder), "names no Host (e.g. Host=127.0.0.1;Database=investchn;Username=investchn; the password from INVESTCHN_Storage__ConnectionString or a .pgpass file)");
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            failures.Add(nameof(StorageOptions.ConnectionString), "(not shown: it may hold a password)", $"is not a PostgreSQL (Npgsql) connection string ({e.Message})");
        }
    }

    /// <summary>The connection string without its password, for messages.</summary>
    internal static string Redact(NpgsqlConnectionStringBuilder builder)
    {
        var copy = new NpgsqlConnectionStringBuilder(builder.ConnectionString);
        if (!string.IsNullOrEmpty(copy.Password))
        {
            copy.Password = "***";
        }

        return copy.ConnectionString;
    }
}
