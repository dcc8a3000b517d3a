namespace InvestChn.Tests.Cli;

/// <summary><c>Admin:ApiKey</c> read from the environment by the real executable.</summary>
public class AdminKeyCommandLineTests
{
    [Fact]
    public async Task Run_KeyFromEnvironmentTooShort_ExitsTwoNamingTheKeyButNeverPrintingIt()
    {
        using var dir = new TempDirectory();
        const string key = "s3cr3t-Value";

        var result = await Investchn.RunAsync(
            dir.Path,
            new Dictionary<string, string> { ["INVESTCHN_Admin__ApiKey"] = key },
            "run",
            "--Http:Urls=http://127.0.0.1:0",
            $"--Templates:Directory={TestPaths.Templates}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Admin:ApiKey: the key (not shown) has 12 characters", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(key, result.Out + result.Error, StringComparison.Ordinal);
    }
}
