using System.Text;
using System.Text.Json;
using MimeKit;

namespace InvestChn.Tests.Cli;

/// <summary><c>subscribers</c>, <c>digest</c> and <c>deliveries</c> as admins run them.</summary>
public class DigestCommandLineTests
{
    private const string NoAgeLimit = "--Digests:MaxArticleAgeDays=0";

    [Fact]
    public async Task SubscribersImport_WithABadRow_ExitsOneNamingFileAndLineAndImportsTheRest()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(
            dir.File("subs.csv"),
            "email,name,frequency\r\na@example.com,甲,daily\r\nbad-address,乙,daily\r\nb@example.com,\"丙, 丁\",weekly\r\n",
            new UTF8Encoding(false));

        var result = await Investchn.RunAsync(dir.Path, null, "subscribers", "import", "subs.csv");
        var list = await Investchn.RunAsync(dir.Path, null, "subscribers", "list", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("subs.csv:3: email 'bad-address' is not an address like name@example.com", result.Error.Trim());
        Assert.Equal("subscribers subs.csv: added 2, updated 0, unchanged 0, rejected 1", result.Out.Trim());
        Assert.Equal(["a@example.com", "b@example.com"], JsonDocument.Parse(list.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("email").GetString()));
    }

    [Fact]
    public async Task SubscribersListJson_TwoSubscribers_PrintsTheirSettingsWithoutTokens()
    {
        using var dir = new TempDirectory();
        await Investchn.RunAsync(dir.Path, null, "subscribers", "add", "wang@example.com", "--name", "王女士", "--frequency", "weekly", "--channel", "policy", "--keyword", "招商", "--keyword", "ＡＩ");
        await Investchn.RunAsync(dir.Path, null, "subscribers", "add", "li@example.com", "--pending");

        var result = await Investchn.RunAsync(dir.Path, null, "subscribers", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        var subscribers = JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["li@example.com", "wang@example.com"], subscribers.Select(s => s.GetProperty("email").GetString()));
        Assert.Equal(("pending", "daily"), (subscribers[0].GetProperty("status").GetString(), subscribers[0].GetProperty("frequency").GetString()));
        var wang = subscribers[1];
        Assert.Equal(("王女士", "active", "weekly"), (wang.GetProperty("name").GetString(), wang.GetProperty("status").GetString(), wang.GetProperty("frequency").GetString()));
        Assert.Equal(["policy"], wang.GetProperty("channels").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["招商", "ＡＩ"], wang.GetProperty("keywords").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("token", result.Out, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("A <a@b.cn>")]
    [InlineData("wang@localhost")]
    public async Task SubscribersAdd_BadEmail_ExitsTwoAndSavesNothing(string email)
    {
        using var dir = new TempDirectory();

        var result = await Investchn.RunAsync(dir.Path, null, "subscribers", "add", email);
        var list = await Investchn.RunAsync(dir.Path, null, "subscribers", "list", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not an address like name@example.com", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(list.Out).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task DigestRun_AtEightThirty_WritesOneMessagePerSubscriberIntoThePickupFolder()
    {
        using var dir = await SiteFolderAsync("a@example.com", "b@example.com");

        var result = await Investchn.RunAsync(dir.Path, null, "digest", "run", "--at", "2026-11-28T08:30", NoAgeLimit);
        var again = await Investchn.RunAsync(dir.Path, null, "digest", "run", "--at", "2026-11-28T08:30", NoAgeLimit);

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Out.Trim().Split('\n');
        Assert.Equal("digest daily 2026-11-28 08:00 +08:00: planned 2 to send, 0 with nothing new", lines[0]);
        Assert.Equal("deliver to pickup folder out/mail: sent 2, deferred 0, failed 0, skipped 0", lines[^1]);
        var files = Directory.GetFiles(Path.Combine(dir.Path, "out", "mail"), "*.eml").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, files.Count);
        var messages = files.Select(f => MimeMessage.Load(f)).ToList();
        Assert.Equal(["a@example.com", "b@example.com"], messages.Select(m => ((MailboxAddress)m.To.Single()).Address).Order(StringComparer.Ordinal));
        Assert.All(messages, m => Assert.Equal("投促中国 · 每日要闻 · 2026年11月28日", m.Subject));
        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("digest daily 2026-11-28 08:00 +08:00: planned before", again.Out, StringComparison.Ordinal);
        Assert.Contains("sent 0,", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DigestPreview_OutEml_WritesTheMessageAndRecordsNothing()
    {
        using var dir = await SiteFolderAsync("a@example.com");

        var result = await Investchn.RunAsync(dir.Path, null, "digest", "preview", "--email", "a@example.com", "--out", "p.eml", NoAgeLimit);
        var deliveries = await Investchn.RunAsync(dir.Path, null, "deliveries", "list", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        var message = await MimeMessage.LoadAsync(dir.File("p.eml"));
        Assert.Equal("a@example.com", ((MailboxAddress)message.To.Single()).Address);
        Assert.NotEmpty(message.HtmlBody ?? string.Empty);
        Assert.Equal(0, JsonDocument.Parse(deliveries.Out).RootElement.GetArrayLength());
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "out", "mail")));
    }

    [Fact]
    public async Task DeliveriesListJson_SubscriberWithNoMatch_ShowsSkippedNoArticles()
    {
        using var dir = new TempDirectory();
        CopySite(dir);
        await Investchn.RunAsync(dir.Path, null, "subscribers", "add", "all@example.com");
        await Investchn.RunAsync(dir.Path, null, "subscribers", "add", "none@example.com", "--keyword", "zqxjv");
        await Investchn.RunAsync(dir.Path, null, "import", "seeds");
        await Investchn.RunAsync(dir.Path, null, "digest", "run", "--at", "2026-11-28T08:30", NoAgeLimit);

        var result = await Investchn.RunAsync(dir.Path, null, "deliveries", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        var rows = JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("email").GetString()!);
        Assert.Equal(2, rows.Count);
        Assert.Equal("skipped-no-articles", rows["none@example.com"].GetProperty("outcome").GetString());
        Assert.Equal("skipped", rows["none@example.com"].GetProperty("status").GetString());
        Assert.Equal(0, rows["none@example.com"].GetProperty("articleCount").GetInt32());
        Assert.Equal("sent", rows["all@example.com"].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task DigestRun_BrokenTemplate_ExitsTwoNamingFileAndLineBeforeAnythingIsSent()
    {
        using var dir = await SiteFolderAsync("a@example.com");
        var template = Path.Combine(dir.Path, "templates", "Digest.cshtml");
        var lines = (await File.ReadAllLinesAsync(template)).ToList();
        var broken = lines.FindIndex(l => l.Contains("@Model.Recipient.Greeting", StringComparison.Ordinal));
        lines[broken] = lines[broken].Replace("@Model.Recipient.Greeting", "@Model.Nope", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(template, lines);

        var result = await Investchn.RunAsync(dir.Path, null, "digest", "run", "--at", "2026-11-28T08:30", NoAgeLimit);
        var deliveries = await Investchn.RunAsync(dir.Path, null, "deliveries", "list", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{template}:{broken + 1}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("Nope", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "out", "mail")));
        Assert.Equal(0, JsonDocument.Parse(deliveries.Out).RootElement.GetArrayLength());
    }

    /// <summary>A folder with seeds/ and templates/, the subscribers added and then the seeds imported (so the subscribers get them).</summary>
    private static async Task<TempDirectory> SiteFolderAsync(params string[] emails)
    {
        var dir = new TempDirectory();
        CopySite(dir);
        foreach (var email in emails)
        {
            var added = await Investchn.RunAsync(dir.Path, null, "subscribers", "add", email);
            Assert.True(added.ExitCode == 0, added.Error);
        }

        var imported = await Investchn.RunAsync(dir.Path, null, "import", "seeds");
        Assert.True(imported.ExitCode == 0, imported.Error);
        return dir;
    }

    private static void CopySite(TempDirectory dir)
    {
        foreach (var (from, name) in new[] { (TestPaths.Seeds, "seeds"), (TestPaths.Templates, "templates") })
        {
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(dir.Path, name, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }
}
