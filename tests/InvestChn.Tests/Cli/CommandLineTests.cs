using System.Text.Json;

namespace InvestChn.Tests.Cli;

/// <summary>The executable as admins use it: exit codes, messages, and what it prints.</summary>
public class CommandLineTests
{
    [Fact]
    public async Task RunOnce_CopyOfSeeds_ImportsAllThenReportsEverythingUnchanged()
    {
        using var dir = new TempDirectory();
        CopyDirectory(TestPaths.Seeds, Path.Combine(dir.Path, "seeds"));
        CopyDirectory(TestPaths.Templates, Path.Combine(dir.Path, "templates"));
        var pages = Directory.EnumerateFiles(Path.Combine(dir.Path, "seeds"), "*.*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) != "dict")
            .Count(f => f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal));

        var first = await Investchn.RunAsync(dir.Path, null, "run", "--once");
        var second = await Investchn.RunAsync(dir.Path, null, "run", "--once");

        Assert.True(first.ExitCode == 0, first.Error);
        var firstLines = first.Out.Trim().Split('\n');
        Assert.Matches(@"^import seeds: added \d+, updated \d+, unchanged \d+, rejected 0$", firstLines[0]);
        Assert.Matches(@"^feeds out/feeds: feeds \d+, files written [1-9]\d*, unchanged 0, removed 0$", firstLines[1]);
        var secondLines = second.Out.Trim().Split('\n');
        Assert.Equal($"import seeds: added 0, updated 0, unchanged {pages}, rejected 0", secondLines[0]);
        Assert.Matches(@"^feeds out/feeds: feeds \d+, files written 0, unchanged \d+, removed 0$", secondLines[1]);
        Assert.True(File.Exists(Path.Combine(dir.Path, "data", "investchn.db")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "out", "feeds", "all.atom")));
    }

    [Fact]
    public async Task Import_WithARejectedPage_ExitsOneAndNamesTheFileAndReason()
    {
        using var dir = new TempDirectory();
        File.Copy(TestPaths.Fixture("Pages", "seed.txt"), dir.File("good.txt"));
        File.Copy(TestPaths.Fixture("Pages", "rejected", "bad-date.txt"), dir.File("bad.txt"));

        var result = await Investchn.RunAsync(dir.Path, null, "import", "good.txt", "bad.txt");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("added 1, updated 0, unchanged 0, rejected 1", result.Out.Split('\n')[0]);
        Assert.Equal("rejected bad.txt: unparsable publish date '2024-02-30' (no such date or time)", result.Error.Trim());
    }

    [Fact]
    public async Task BadConfiguration_ExitsTwoNamingEveryBadKey()
    {
        using var dir = new TempDirectory();
        var environment = new Dictionary<string, string> { ["INVESTCHN_Site__BaseUrl"] = "not a url" };

        var result = await Investchn.RunAsync(dir.Path, environment, "articles", "list", "--Import:TimeZone=Mars/Olympus", "--Storage:Provider", "Oracle");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Site:BaseUrl: 'not a url' is not an absolute http(s) URL", result.Error, StringComparison.Ordinal);
        Assert.Contains("Import:TimeZone: 'Mars/Olympus' is not a known time zone id", result.Error, StringComparison.Ordinal);
        Assert.Contains("Storage:Provider: 'Oracle' is not a storage provider of this version", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "data")));
    }

    [Theory]
    [InlineData("--Logging:LogLevel:Default=Verbose", "Logging:LogLevel:Default: 'Verbose' is not a log level")]
    [InlineData("--Feeds:MaxItems=lots", "'lots' at 'Feeds:MaxItems'")]
    [InlineData("--Import:Cron=every minute", "Import:Cron: 'every minute' is not a Quartz cron expression")]
    [InlineData("--Channels:投资动态=Invest Trends", "Channels:投资动态: 'Invest Trends' is not a usable slug")]
    public async Task BadValue_ExitsTwoNamingTheKey(string setting, string message)
    {
        using var dir = new TempDirectory();

        var result = await Investchn.RunAsync(dir.Path, null, "feeds", "build", setting);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadUsage_ExitsTwo()
    {
        using var dir = new TempDirectory();

        var unknown = await Investchn.RunAsync(dir.Path, null, "publish");
        var missing = await Investchn.RunAsync(dir.Path, null, "import");
        var badLimit = await Investchn.RunAsync(dir.Path, null, "articles", "list", "--limit", "zero");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal(2, badLimit.ExitCode);
    }

    [Fact]
    public async Task RunOnce_MissingImportDirectory_ExitsTwoNamingTheKey()
    {
        using var dir = new TempDirectory();

        var result = await Investchn.RunAsync(dir.Path, null, "run", "--once", "--Import:Directory=pages");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Import:Directory: 'pages' is not a folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArticlesListAndShow_Json_CarryTheArticleInChinese()
    {
        using var dir = new TempDirectory();
        File.Copy(TestPaths.Fixture("Pages", "seed.txt"), dir.File("seed.txt"));
        await Investchn.RunAsync(dir.Path, null, "import", "seed.txt");

        var list = await Investchn.RunAsync(dir.Path, null, "articles", "list", "--json");
        var id = JsonDocument.Parse(list.Out).RootElement[0].GetProperty("id").GetString()!;
        var show = await Investchn.RunAsync(dir.Path, null, "articles", "show", id, "--json");
        var missing = await Investchn.RunAsync(dir.Path, null, "articles", "show", "nope");

        Assert.Contains("\"title\": \"开局即决战 起跑就冲刺 奋力夺取全市经济开门红首季红\"", list.Out, StringComparison.Ordinal);
        var article = JsonDocument.Parse(show.Out).RootElement;
        Assert.Equal("2023-01-30T00:00:00+08:00", article.GetProperty("publishedAt").GetString());
        Assert.Equal(10, article.GetProperty("paragraphs").GetArrayLength());
        Assert.Equal(["开发区新闻", "文字新闻"], article.GetProperty("channel").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, missing.ExitCode);
    }

    [Fact]
    public async Task ArticlesList_Table_ShowsNewestFirst()
    {
        using var dir = new TempDirectory();
        File.Copy(TestPaths.Fixture("Pages", "seed.txt"), dir.File("seed.txt"));
        await Investchn.RunAsync(dir.Path, null, "import", "seed.txt");

        var result = await Investchn.RunAsync(dir.Path, null, "articles", "list");

        var lines = result.Out.TrimEnd().Split('\n');
        Assert.StartsWith("ID", lines[0], StringComparison.Ordinal);
        Assert.Contains("2023-01-30 00:00  开发区新闻/文字新闻  开局即决战", lines[1], StringComparison.Ordinal);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
