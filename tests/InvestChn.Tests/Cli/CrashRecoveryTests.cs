using System.Globalization;
using System.Text;
using System.Text.Json;

namespace InvestChn.Tests.Cli;

/// <summary><c>kill -9</c> in the middle of delivering, then a restart: every planned digest is delivered.</summary>
public class CrashRecoveryTests
{
    private const int Subscribers = 120;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task DigestRun_KilledMidDelivery_RestartDeliversEveryPlannedDigest()
    {
        using var dir = new TempDirectory();
        var csv = new StringBuilder("email,name,frequency,channels,keywords\n");
        for (var i = 0; i < Subscribers; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"reader{i:D3}@example.com,读者{i},daily,,\n");
        }

        await File.WriteAllTextAsync(dir.File("subscribers.csv"), csv.ToString());
        string[] settings =
        [
            $"--Import:Directory={TestPaths.Seeds}", $"--Templates:Directory={TestPaths.Templates}", "--Digests:MaxArticleAgeDays=0",

            // Leases short enough to run out during the test.
            "--Delivery:LeaseSeconds=3",
        ];
        Assert.Equal(0, (await Investchn.RunAsync(dir.Path, null, ["subscribers", "import", "subscribers.csv", .. settings])).ExitCode);
        Assert.Equal(0, (await Investchn.RunAsync(dir.Path, null, ["import", TestPaths.Seeds, .. settings])).ExitCode);

        // Act 1: deliver slowly enough to be caught half-way, and kill -9 once some digests are out.
        using (var first = Investchn.Start(dir.Path, null, ["digest", "run", "--frequency", "daily", "--Smtp:MaxMessagesPerSecond=10", .. settings]))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (MailCount(dir) < 5 && DateTime.UtcNow < deadline && !first.HasExited)
            {
                await Task.Delay(50);
            }

            // (Reading its output first would wait for it to finish.)
            if (first.HasExited)
            {
                Assert.Fail("the run finished before it could be killed: " + await first.StandardError.ReadToEndAsync());
            }

            first.Kill();
            await first.WaitForExitAsync();
        }

        var afterCrash = MailCount(dir);
        var interrupted = await DeliveriesAsync(dir, settings);

        // Act 2: after the dead sender's leases run out, the next run takes over.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        var second = await Investchn.RunAsync(dir.Path, null, ["digest", "run", "--frequency", "daily", .. settings]);
        var final = await DeliveriesAsync(dir, settings);

        Assert.InRange(afterCrash, 5, Subscribers - 1);
        Assert.Contains(interrupted, d => d.Status != "sent");
        Assert.True(second.ExitCode == 0, second.Out + second.Error);
        Assert.Contains("planned before", second.Out, StringComparison.Ordinal);
        Assert.Equal(Subscribers, final.Count);
        Assert.All(final, d => Assert.Equal("sent", d.Status));
        Assert.Equal(Subscribers, final.Select(d => d.MessageId).Distinct().Count());
        Assert.Equal(Subscribers, MailCount(dir));
        Assert.Empty(Directory.EnumerateFiles(dir.File("out/mail"), "*.tmp"));
    }

    private static int MailCount(TempDirectory dir) =>
        Directory.Exists(dir.File("out/mail")) ? Directory.EnumerateFiles(dir.File("out/mail"), "*.eml").Count() : 0;

    private static async Task<List<Delivery>> DeliveriesAsync(TempDirectory dir, string[] settings)
    {
        var list = await Investchn.RunAsync(dir.Path, null, ["deliveries", "list", "--json", "--limit", "0", .. settings]);
        Assert.True(list.ExitCode == 0, list.Error);
        return JsonSerializer.Deserialize<List<Delivery>>(list.Out, Json)!;
    }

    private sealed record Delivery(string Email, string Status, string MessageId);
}
