using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace InvestChn.Tests.Cli;

/// <summary>One <c>investchn run</c> process of a test cluster, in a folder of its own, with its output kept.</summary>
internal sealed partial class ClusterNode : IDisposable
{
    private readonly StringBuilder _output = new();

    private ClusterNode(TempDirectory directory, Process process, int port)
    {
        Directory = directory;
        Process = process;
        Port = port;
    }

    public TempDirectory Directory { get; }

    public Process Process { get; }

    public int Port { get; }

    /// <summary>Everything the node printed so far (logs go to stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Messages this node reports as sent in its "Delivered: sent N" lines.</summary>
    public int ReportedSent => DeliveredLine().Matches(Output).Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    public static ClusterNode Start(IReadOnlyDictionary<string, string> environment, IEnumerable<string> settings)
    {
        var directory = new TempDirectory();
        var port = FreePort();
        var process = Investchn.Start(directory.Path, environment, ["run", $"--Http:Urls=http://127.0.0.1:{port}", .. settings]);
        var node = new ClusterNode(directory, process, port);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Waits until <c>/healthz</c> answers; false when the process ended or the time ran out first.</summary>
    public async Task<bool> WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !Process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/healthz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(250);
        }

        return false;
    }

    /// <summary>SIGTERM, as systemd stops a service, then waits for the process to end; returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!Process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Process.WaitForExitAsync(timeout.Token);
        return Process.ExitCode;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
        Directory.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Delivered: sent (\d+),")]
    private static partial Regex DeliveredLine();
}
