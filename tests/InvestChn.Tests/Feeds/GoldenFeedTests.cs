using System.Text;
using InvestChn.Tests.Storage;

namespace InvestChn.Tests.Feeds;

/// <summary>
/// One channel's feed in every format, byte for byte as reviewed. After a deliberate change to the
/// output, run the tests once with INVESTCHN_UPDATE_GOLDEN=1, read the diff, and commit it.
/// </summary>
public class GoldenFeedTests
{
    private static string GoldenDirectory => Path.Combine(TestPaths.RepositoryRoot, "tests", "InvestChn.Tests", "Fixtures", "Golden");

    [Theory]
    [InlineData("policy-local.rss")]
    [InlineData("policy-local.atom")]
    [InlineData("policy-local.json")]
    [InlineData("index.opml")]
    public async Task BuildAsync_FixturePages_MatchTheGoldenFile(string name)
    {
        await using var store = await TestStore.CreateAsync();
        await store.Importer.ImportAsync([TestPaths.Fixture("FeedPages")]);
        await store.Feeds.BuildAsync();

        var actual = await File.ReadAllTextAsync(Path.Combine(store.FeedsDirectory, name), Encoding.UTF8);
        var golden = Path.Combine(GoldenDirectory, name);
        if (Environment.GetEnvironmentVariable("INVESTCHN_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(golden, actual, new UTF8Encoding(false));
        }

        Assert.Equal(await File.ReadAllTextAsync(golden, Encoding.UTF8), actual);
    }
}
