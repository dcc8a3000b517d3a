using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace InvestChn.Tests.Cli;

/// <summary><c>run</c> as a real process: it serves HTTP, imports on start, and stops cleanly on SIGTERM.</summary>
public class WorkerTests
{
    [Fact]
    public async Task Run_StartsServesHealthImportsAndStopsOnSigterm()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("pages"));
        File.Copy(TestPaths.Fixture("Pages", "seed.txt"), Path.Combine(dir.File("pages"), "seed.txt"));
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "investchn.dll"), "run", $"--Http:Urls=http://127.0.0.1:{port}", "--Import:Directory=pages", $"--Templates:Directory={TestPaths.Templates}" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var health = await PollAsync(async () =>
            {
                var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
            });
            var imported = await PollAsync(() => Task.FromResult(Snapshot(output).Contains("Import finished: added 1", StringComparison.Ordinal) ? "yes" : null));

            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal("ok", health);
            Assert.Equal("yes", imported);
            Assert.True(process.ExitCode == 0, Snapshot(output));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static async Task<string?> PollAsync(Func<Task<string?>> probe)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
