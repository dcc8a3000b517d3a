using System.Runtime.CompilerServices;
using System.Text;
using InvestChn.Articles;
using InvestChn.Digests;
using InvestChn.Subscribers;
using InvestChn.Tests.Storage;
using MimeKit;

namespace InvestChn.Tests.Digests;

/// <summary>
/// One digest of the fixture pages, byte for byte as reviewed, and composing many digests without
/// keeping them. After a deliberate change to the templates or the message, run the tests once with
/// INVESTCHN_UPDATE_GOLDEN=1, read the diff, and commit it.
/// </summary>
public class DigestComposerTests
{
    private static readonly DateTimeOffset Scheduled = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    private static string GoldenDirectory => Path.Combine(TestPaths.RepositoryRoot, "tests", "InvestChn.Tests", "Fixtures", "Golden");

    [Theory]
    [InlineData("digest-daily.eml", "")]
    [InlineData("digest-daily-named.eml", "王女士")]
    public async Task ComposeAsync_FixturePages_MatchTheGoldenMessage(string name, string recipientName)
    {
        await using var store = await TestStore.CreateAsync();
        var articles = await ImportFixturesAsync(store);

        var actual = await ComposeBytesAsync(store.Composer, Reader(7, recipientName), articles);
        var golden = Path.Combine(GoldenDirectory, name);
        if (Environment.GetEnvironmentVariable("INVESTCHN_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllBytesAsync(golden, actual);
        }

        Assert.Equal(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(golden)), Encoding.UTF8.GetString(actual));
    }

    [Fact]
    public async Task ComposeAsync_SameDigestTwice_SameBytes()
    {
        await using var store = await TestStore.CreateAsync();
        var articles = await ImportFixturesAsync(store);

        var first = await ComposeBytesAsync(store.Composer, Reader(7, "王女士"), articles);
        await ComposeBytesAsync(store.Composer, Reader(8, ""), articles);
        var second = await ComposeBytesAsync(store.Composer, Reader(7, "王女士"), articles);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ComposeAsync_Bodies_ReadBackAsTheRenderedText()
    {
        await using var store = await TestStore.CreateAsync();
        var articles = await ImportFixturesAsync(store);
        var model = store.Composer.CreateModel(DigestFrequency.Daily, Scheduled, Reader(7, "王女士"), articles);

        var message = await store.Composer.ComposeAsync(model, "daily.7.digest@investchn.com", Scheduled);
        var (html, text) = await store.Renderer.RenderAsync(model);

        Assert.Equal(text, message.TextBody);
        Assert.Equal(html, message.HtmlBody);
        Assert.Contains("王女士，您好：", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAsync_WrittenEveryWay_SameMessage()
    {
        await using var store = await TestStore.CreateAsync();
        var articles = await ImportFixturesAsync(store);
        var message = await store.Composer.ComposeAsync(store.Composer.CreateModel(DigestFrequency.Daily, Scheduled, Reader(7, ""), articles), "daily.7.digest@investchn.com", Scheduled);
        var dos = FormatOptions.Default.Clone();
        dos.NewLineFormat = NewLineFormat.Dos;
        var unix = FormatOptions.Default.Clone();
        unix.NewLineFormat = NewLineFormat.Unix;

        using var sync = new MemoryStream();
        message.WriteTo(dos, sync);
        using var async = new MemoryStream();
        await message.WriteToAsync(dos, async);
        using var lf = new MemoryStream();
        await message.WriteToAsync(unix, lf);

        Assert.Equal(sync.ToArray(), async.ToArray());
        Assert.Equal(Encoding.UTF8.GetString(sync.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal), Encoding.UTF8.GetString(lf.ToArray()));
    }

    [Fact]
    public async Task ComposeAsync_ManyMessages_NoneKeptAliveByTheComposer()
    {
        await using var store = await TestStore.CreateAsync();
        var articles = await ImportFixturesAsync(store);

        var messages = await ComposeAndForgetAsync(store.Composer, articles, 20);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(0, messages.Count(m => m.IsAlive));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<List<WeakReference>> ComposeAndForgetAsync(DigestComposer composer, IReadOnlyList<Article> articles, int count)
    {
        var references = new List<WeakReference>();
        for (var i = 0; i < count; i++)
        {
            var model = composer.CreateModel(DigestFrequency.Daily, Scheduled, Reader(i, ""), articles);
            references.Add(new WeakReference(await composer.ComposeAsync(model, $"daily.{i}.digest@investchn.com", Scheduled)));
        }

        return references;
    }

    private static async Task<IReadOnlyList<Article>> ImportFixturesAsync(TestStore store)
    {
        await store.Importer.ImportAsync([TestPaths.Fixture("FeedPages")]);
        return (await store.Articles.ListImportedAsync(0, long.MaxValue, null))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Sequence).ToList();
    }

    private static async Task<byte[]> ComposeBytesAsync(DigestComposer composer, Subscriber subscriber, IReadOnlyList<Article> articles)
    {
        var model = composer.CreateModel(DigestFrequency.Daily, Scheduled, subscriber, articles);
        var message = await composer.ComposeAsync(model, DigestComposer.MessageIdFor(DigestFrequency.Daily, Scheduled, subscriber.Id, composer.MailDomain), Scheduled);
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var output = new MemoryStream();
        await message.WriteToAsync(format, output);
        return output.ToArray();
    }

    private static Subscriber Reader(long id, string name) => new(
        id, $"reader{id}@example.com", name, SubscriberStatus.Active, DigestFrequency.Daily, [], [],
        $"token-{id}", 0, 0, Scheduled.AddDays(-30), Scheduled.AddDays(-30));
}
