using Npgsql;
using Xunit.Sdk;

namespace InvestChn.Tests.Storage;

/// <summary>
/// The PostgreSQL server of the test run, named by <c>INVESTCHN_TEST_POSTGRES</c> (an Npgsql
/// connection string; <c>.ci/with-postgres</c> starts a throwaway one and sets it). Each test gets
/// a database of its own, dropped afterwards. Without the variable the test is skipped, and under
/// <c>CI=true</c> it fails: CI must run every test.
/// </summary>
internal static class TestPostgres
{
    public const string Variable = "INVESTCHN_TEST_POSTGRES";

    /// <summary>The server's connection string; skips (or, under CI, fails) the calling test when there is none.</summary>
    public static string RequireServer()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var message = $"{Variable} is not set: this test needs a PostgreSQL server (run it under .ci/with-postgres, e.g. `.ci/with-postgres dotnet test`)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new XunitException(message + "; under CI=true a PostgreSQL test may not be skipped.");
        }

        Skip.If(true, message);
        return "";
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(RequireServer());
        var name = "investchn_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever still uses it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        var server = new NpgsqlConnectionStringBuilder(RequireServer());
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
