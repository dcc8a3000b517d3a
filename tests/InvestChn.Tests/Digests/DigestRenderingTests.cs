using System.Text;
using System.Text.RegularExpressions;
using InvestChn.Digests;
using InvestChn.Digests.Templates;
using InvestChn.Subscribers;
using InvestChn.Tests.Storage;
using InvestChn.Text;
using MimeKit;

namespace InvestChn.Tests.Digests;

/// <summary>The model, the Razor templates and the MIME message of one digest.</summary>
public partial class DigestRenderingTests
{
    private const string MessageId = "daily.20261128T0000Z.42.digest@investchn.com";

    private static readonly DateTimeOffset Date = new(2026, 11, 28, 0, 0, 5, TimeSpan.Zero);

    [Fact]
    public async Task CreateModel_DefaultSubjectFormat_NamesSiteEditionAndDate()
    {
        await using var store = await TestStore.CreateAsync();

        var model = store.Composer.CreateModel(DigestFrequency.Daily, DigestSamples.Edition, DigestSamples.Subscriber, DigestSamples.Articles);

        Assert.Equal("投促中国 · 每日要闻 · 2026年11月28日", model.Subject);
    }

    [Fact]
    public async Task CreateModel_ArticlesOfTwoChannels_GroupsThemByChannelNewestFirst()
    {
        await using var store = await TestStore.CreateAsync();

        var model = store.Composer.CreateModel(DigestFrequency.Daily, DigestSamples.Edition, DigestSamples.Subscriber, DigestSamples.Articles);

        Assert.Equal(["政策法规 › 地方政策", "开发区新闻 › 文字新闻"], model.Sections.Select(s => s.Channel));
        Assert.Equal(["policy-local", "zone-news-text"], model.Sections.Select(s => s.Slug));
        Assert.Equal(
            [(1, "临安出台<b>&人才新政十条"), (2, "杭州发布招商引资奖励办法"), (3, DigestSamples.Articles[1].Title)],
            model.Articles.Select(a => (a.Number, a.Title)));
    }

    [Fact]
    public async Task ComposeAsync_TitleWithMarkup_IsEncodedInHtmlWhileChineseStaysCharacters()
    {
        await using var store = await TestStore.CreateAsync();

        var html = (await ComposeAsync(store)).HtmlBody ?? string.Empty;

        Assert.Contains("临安出台&lt;b&gt;&amp;人才新政十条", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>&", html, StringComparison.Ordinal);
        Assert.Contains("开发区签约十二个重点项目", html, StringComparison.Ordinal);
        Assert.Contains("王女士，您好：", html, StringComparison.Ordinal);
        Assert.DoesNotContain("&#x", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("&#", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAsync_IdeographicSpaceAndRareIdeographs_AreWrittenAsCharactersInHtml()
    {
        await using var store = await TestStore.CreateAsync();
        var article = DigestSamples.Articles[0] with { Title = "开局即决战　起跑就冲刺 “𡈼”<>&", Source = "临安\u00a0日报" };
        var model = store.Composer.CreateModel(DigestFrequency.Daily, DigestSamples.Edition, DigestSamples.Subscriber, [article]);

        var html = (await store.Composer.ComposeAsync(model, MessageId, Date)).HtmlBody ?? string.Empty;

        Assert.Contains("开局即决战　起跑就冲刺 “𡈼”&lt;&gt;&amp;", html, StringComparison.Ordinal);
        Assert.Contains("来源：临安\u00a0日报", html, StringComparison.Ordinal);
        Assert.DoesNotContain("&#", html, StringComparison.Ordinal);
    }

    [Fact]
    public void RestoreText_MarkupQuotesAndControls_StayEscaped()
    {
        var restored = TemplateEncoding.RestoreText("&#x3000;&#x2123C;&#xA0;|&#x3C;&#x3E;&#x26;&#x22;&#x27;&#x7;&#x85;&#xD800;&#x110000;&amp;&lt;");

        Assert.Equal("\u3000𡈼\u00a0|&#x3C;&#x3E;&#x26;&#x22;&#x27;&#x7;&#x85;&#xD800;&#x110000;&amp;&lt;", restored);
    }

    [Fact]
    public async Task ComposeAsync_TextPart_HasNoEntitiesAndFitsSeventySixColumns()
    {
        await using var store = await TestStore.CreateAsync();

        var text = (await ComposeAsync(store)).TextBody ?? string.Empty;

        Assert.Contains("临安出台<b>&人才新政十条", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(Entity(), text);
        var tooWide = text.Split('\n')
            .Where(line => !line.Contains("http://", StringComparison.Ordinal) && !line.Contains("https://", StringComparison.Ordinal))
            .Where(line => DisplayWidth.Of(line) > 76)
            .ToList();
        Assert.True(tooWide.Count == 0, "lines wider than 76 columns:\n" + string.Join("\n", tooWide));
    }

    [Fact]
    public async Task ComposeAsync_LongSource_IsWrappedToSeventySixColumns()
    {
        await using var store = await TestStore.CreateAsync();
        var article = DigestSamples.Articles[2] with { Source = "中华人民共和国商务部外国投资管理司与浙江省商务厅、杭州市投资促进局联合发布" };
        var model = store.Composer.CreateModel(DigestFrequency.Daily, DigestSamples.Edition, DigestSamples.Subscriber, [article]);

        var text = (await store.Composer.ComposeAsync(model, MessageId, Date)).TextBody ?? string.Empty;

        Assert.Contains("浙江省商务厅", text, StringComparison.Ordinal);
        Assert.All(text.Split('\n').Where(l => !l.Contains("://", StringComparison.Ordinal)), line => Assert.True(DisplayWidth.Of(line) <= 76, line));
    }

    [Fact]
    public async Task ComposeAsync_SameInputsTwice_GivesByteIdenticalMessages()
    {
        await using var store = await TestStore.CreateAsync();
        await using var other = await TestStore.CreateAsync();

        var first = await BytesAsync(await ComposeAsync(store));
        var second = await BytesAsync(await ComposeAsync(store));
        var fromAnotherProcess = await BytesAsync(await ComposeAsync(other));

        Assert.Equal(first, second);
        Assert.Equal(first, fromAnotherProcess);
    }

    [Fact]
    public async Task ComposeAsync_Message_CarriesItsHeadersAndBothParts()
    {
        await using var store = await TestStore.CreateAsync();

        var message = await ComposeAsync(store);

        Assert.Equal(MessageId, message.MessageId);
        Assert.Equal(Date, message.Date);
        Assert.Equal("wang@example.com", Assert.IsType<MailboxAddress>(Assert.Single(message.To)).Address);
        Assert.Equal("<http://127.0.0.1:5080/unsubscribe/tok_EN-abc123>, <mailto:digest@investchn.com?subject=unsubscribe%20tok_EN-abc123>", message.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers[HeaderId.ListUnsubscribePost]);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
    }

    [Fact]
    public async Task ComposeAsync_Message_IsSevenBitCleanWithChineseHeadersEncoded()
    {
        await using var store = await TestStore.CreateAsync();

        var message = await ComposeAsync(store);
        var bytes = await BytesAsync(message);
        var reparsed = await MimeMessage.LoadAsync(new MemoryStream(bytes));

        Assert.All(bytes, b => Assert.True(b < 0x80));
        Assert.Equal("投促中国 · 每日要闻 · 2026年11月28日", reparsed.Subject);
        Assert.Equal("王女士", Assert.IsType<MailboxAddress>(Assert.Single(reparsed.To)).Name);
        Assert.Equal("投促中国", Assert.IsType<MailboxAddress>(Assert.Single(reparsed.From)).Name);
        Assert.Equal("1. 临安出台<b>&人才新政十条", reparsed.TextBody?.Split('\n')[5]);
    }

    [Theory]
    [InlineData("digest-daily.html")]
    [InlineData("digest-daily.txt")]
    public async Task RenderAsync_FixedModel_MatchesTheGoldenFile(string name)
    {
        await using var store = await TestStore.CreateAsync();
        var model = store.Composer.CreateModel(DigestFrequency.Daily, DigestSamples.Edition, DigestSamples.Subscriber, DigestSamples.Articles);

        var (html, text) = await store.Renderer.RenderAsync(model);

        var actual = name.EndsWith(".html", StringComparison.Ordinal) ? html : text;
        var golden = Path.Combine(TestPaths.RepositoryRoot, "tests", "InvestChn.Tests", "Fixtures", "Golden", name);
        if (Environment.GetEnvironmentVariable("INVESTCHN_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(golden, actual, new UTF8Encoding(false));
        }

        Assert.Equal(await File.ReadAllTextAsync(golden, Encoding.UTF8), actual);
    }

    [Fact]
    public async Task CompileAllAsync_BrokenDigestTemplate_NamesTheFileAndLine()
    {
        using var templates = new TempDirectory();
        foreach (var file in Directory.GetFiles(TestPaths.Templates))
        {
            File.Copy(file, Path.Combine(templates.Path, Path.GetFileName(file)));
        }

        var path = Path.Combine(templates.Path, "Digest.cshtml");
        var lines = (await File.ReadAllLinesAsync(path)).ToList();
        var broken = lines.FindIndex(l => l.Contains("@Model.Recipient.Greeting", StringComparison.Ordinal));
        lines[broken] = lines[broken].Replace("@Model.Recipient.Greeting", "@Model.Nope", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(path, lines);
        await using var store = await TestStore.CreateAsync(new() { ["Templates:Directory"] = templates.Path });

        var problems = await store.Renderer.CompileAllAsync();

        var problem = Assert.Single(problems);
        Assert.StartsWith($"{path}:{broken + 1}: ", problem, StringComparison.Ordinal);
        Assert.Contains("Nope", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompileAllAsync_ShippedTemplates_HaveNoProblems()
    {
        await using var store = await TestStore.CreateAsync();

        var problems = await store.Renderer.CompileAllAsync();

        Assert.Empty(problems);
    }

    private static async Task<MimeMessage> ComposeAsync(TestStore store)
    {
        var model = store.Composer.CreateModel(DigestFrequency.Daily, DigestSamples.Edition, DigestSamples.Subscriber, DigestSamples.Articles);
        return await store.Composer.ComposeAsync(model, MessageId, Date);
    }

    private static async Task<byte[]> BytesAsync(MimeMessage message)
    {
        using var stream = new MemoryStream();
        await message.WriteToAsync(stream);
        return stream.ToArray();
    }

    [GeneratedRegex("&(#x?[0-9a-fA-F]+|[a-zA-Z]+);")]
    private static partial Regex Entity();
}
