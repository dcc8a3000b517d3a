using System.Text.Json;

namespace InvestChn.Tests.Cli;

/// <summary><c>articles topics</c>, <c>articles reindex</c> and the project dictionary, through the real executable.</summary>
public class TopicsCommandLineTests
{
    private static void CopySeeds(TempDirectory dir)
    {
        var target = Path.Combine(dir.Path, "seeds");
        foreach (var file in Directory.GetFiles(TestPaths.Seeds, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(TestPaths.Seeds, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }

    [Fact]
    public async Task ArticlesTopics_Json_RanksTermsOfTheSeeds()
    {
        using var dir = new TempDirectory();
        CopySeeds(dir);
        var import = await Investchn.RunAsync(dir.Path, null, "import", "seeds");
        Assert.True(import.ExitCode == 0, import.Error);

        var result = await Investchn.RunAsync(dir.Path, null, "articles", "topics", "--top", "10", "--days", "36500", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        var ranks = JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(10, ranks.Count);
        var scores = ranks.Select(r => r.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.All(ranks, r => Assert.True(r.GetProperty("term").GetString()!.Length >= 2));
        Assert.All(ranks, r => Assert.True(r.GetProperty("articles").GetInt32() >= 1));
        Assert.Contains(ranks, r => r.GetProperty("term").GetString() == "开发区");
    }

    [Fact]
    public async Task Reindex_AfterAddingASynonym_CutsEveryArticleAgainAndTheTopicsNoteGoes()
    {
        using var dir = new TempDirectory();
        CopySeeds(dir);
        await Investchn.RunAsync(dir.Path, null, "import", "seeds");
        await File.AppendAllTextAsync(Path.Combine(dir.Path, "seeds", "dict", "synonyms.txt"), "营商环境 = 发展环境\n");

        var before = await Investchn.RunAsync(dir.Path, null, "articles", "topics", "--days", "36500");
        var stale = await Investchn.RunAsync(dir.Path, null, "articles", "reindex", "--stale");
        var after = await Investchn.RunAsync(dir.Path, null, "articles", "topics", "--days", "36500");

        Assert.Matches(@"Note: \d+ articles were segmented with another dictionary", before.Error);
        Assert.True(stale.ExitCode == 0, stale.Error);
        Assert.Matches(@"^re-segmented [1-9]\d* articles \(dictionary [0-9a-f]{16}\)$", stale.Out.Trim());
        Assert.DoesNotContain("Note:", after.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadDictionaryLine_ExitsTwoNamingTheFileAndLine()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("dict"));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "dict", "places.txt"), "临安\n青山湖科技城 lots\n");

        var result = await Investchn.RunAsync(dir.Path, null, "articles", "list", "--Segmentation:DictionaryDirectory=dict");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Segmentation:DictionaryDirectory", result.Error, StringComparison.Ordinal);
        Assert.Contains("places.txt line 2: frequency 'lots' is not a positive whole number", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DigestPreview_SubscriberWithKeywords_NamesTheKeywordEachArticleMatched()
    {
        using var dir = new TempDirectory();
        CopySeeds(dir);
        var templates = "--Templates:Directory=" + TestPaths.Templates;
        await Investchn.RunAsync(dir.Path, null, "subscribers", "add", "reader@example.com", "--keyword", "招引", "--keyword", "临安");
        // Only pages imported after the subscriber became active are news to them.
        await Investchn.RunAsync(dir.Path, null, "import", "seeds", "--Digests:MaxArticleAgeDays=0");

        var result = await Investchn.RunAsync(dir.Path, null, "digest", "preview", "--email", "reader@example.com", templates, "--Digests:MaxArticleAgeDays=0");

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(": keyword ", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.EndsWith(": keyword 招引", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(": keyword 临安", StringComparison.Ordinal));
        Assert.Contains("青山湖科技城召开2026年度招商引资工作推进会: keyword 招引", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(": no keyword", result.Error, StringComparison.Ordinal);
    }
}
