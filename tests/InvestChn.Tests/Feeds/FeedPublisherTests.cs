using InvestChn.Feeds;
using InvestChn.Storage;
using InvestChn.Tests.Storage;

namespace InvestChn.Tests.Feeds;

/// <summary>A cluster's feeds in the database: stored with their ETag, only when their bytes change, gone when the build drops them.</summary>
public class FeedPublisherTests
{
    [SkippableFact]
    public async Task PublishAsync_BuildThenRepublish_StoresEveryDocumentOnceWithTheHashOfItsBytes()
    {
        await using var store = await TestStore.CreateOnAsync(StorageOptions.Postgres, new() { ["Scheduling:Clustered"] = "true" });
        await store.Importer.ImportAsync([TestPaths.Seeds]);
        await store.Feeds.BuildAsync();
        var publisher = store.Get<FeedPublisher>();
        var documents = store.Get<IFeedDocumentStore>();

        var first = await publisher.PublishAsync();
        var stamps = await documents.ListAsync();
        store.Time.Advance(TimeSpan.FromMinutes(5));
        var again = await publisher.PublishAsync();

        var written = Directory.EnumerateFiles(store.FeedsDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Select(f => Path.GetRelativePath(store.FeedsDirectory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal((written.Count, 0), first);
        Assert.Equal((0, 0), again);
        Assert.Equal(written, stamps.Select(s => s.Name));
        var atom = (await documents.GetAsync("all.atom"))!.Value;
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(store.FeedsDirectory, "all.atom")), atom.Content);
        Assert.Equal(FeedPublisher.ETagOf(atom.Content), atom.Stamp.ETag);
        Assert.Equal(stamps.Single(s => s.Name == "all.atom"), (await documents.ListAsync()).Single(s => s.Name == "all.atom"));
    }

    [SkippableFact]
    public async Task PublishAsync_DocumentChangedAndOneGone_StoresTheNewBytesAndRemovesTheOther()
    {
        await using var store = await TestStore.CreateOnAsync(StorageOptions.Postgres, new() { ["Scheduling:Clustered"] = "true" });
        await store.Importer.ImportAsync([TestPaths.Seeds]);
        await store.Feeds.BuildAsync();
        var publisher = store.Get<FeedPublisher>();
        var documents = store.Get<IFeedDocumentStore>();
        await publisher.PublishAsync();
        var before = (await documents.FindAsync("all.rss"))!;

        store.Time.Advance(TimeSpan.FromMinutes(5));
        await File.AppendAllTextAsync(Path.Combine(store.FeedsDirectory, "all.rss"), "\n");
        File.Delete(Path.Combine(store.FeedsDirectory, "policy.json"));
        var result = await publisher.PublishAsync();

        var after = (await documents.FindAsync("all.rss"))!;
        Assert.Equal((1, 1), result);
        Assert.NotEqual(before.ETag, after.ETag);
        Assert.Equal(store.Time.GetUtcNow(), after.UpdatedAt);
        Assert.Null(await documents.FindAsync("policy.json"));
    }
}
