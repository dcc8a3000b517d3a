using System.Text;
using InvestChn.Articles;
using InvestChn.Storage;
using InvestChn.Subscribers;
using InvestChn.Tests.Storage;
using Microsoft.Data.Sqlite;

namespace InvestChn.Tests.Subscribers;

/// <summary>The subscriber CSV format: reading what admins give, and writing what imports back unchanged.</summary>
public class SubscriberCsvTests
{
    [Fact]
    public void Parse_HeaderInAnyOrder_ReadsEachColumnByName()
    {
        var rows = SubscriberCsv.Parse("Keywords,FREQUENCY,email,channels,name\n招商;ＡＩ,weekly,wang@example.com,policy|zone-news,王女士\n");

        var input = Assert.Single(rows).Input!;
        Assert.Equal("wang@example.com", input.Email);
        Assert.Equal("王女士", input.Name);
        Assert.Equal(DigestFrequency.Weekly, input.Frequency);
        Assert.Equal(["policy", "zone-news"], input.Channels);
        Assert.Equal(["招商", "ＡＩ"], input.Keywords);
    }

    [Fact]
    public void Parse_OnlyAnEmailColumn_DefaultsToDailyAndEverything()
    {
        var row = Assert.Single(SubscriberCsv.Parse("email\r\nwang@example.com\r\n"));

        Assert.Equal(new SubscriberInput("wang@example.com", "", DigestFrequency.Daily, [], []), row.Input! with { Channels = [], Keywords = [] });
        Assert.Empty(row.Input!.Channels);
        Assert.Empty(row.Input.Keywords);
        Assert.Equal(2, row.Line);
    }

    [Fact]
    public void Parse_QuotedFieldWithLineBreaks_IsOneFieldAndLaterRowsKeepTheirLineNumbers()
    {
        var rows = SubscriberCsv.Parse("email,name,keywords\r\nwang@example.com,\"Wang, \"\"Li\"\"\",\"招商\r\n第二行\n第三行\"\r\nli@example.com,李,\r\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal(2, rows[0].Line);
        Assert.Null(rows[0].Input);
        Assert.Equal("keyword '招商??第二行?第三行' is empty, too long (over 40) or contains control characters", rows[0].Problem);
        Assert.Equal(("li@example.com", 5), (rows[1].Input?.Email, rows[1].Line));
    }

    [Fact]
    public void Parse_ClassicMacLineEnds_CountLineBreaksInsideQuotesToo()
    {
        var rows = SubscriberCsv.Parse("email,name\rwang@example.com,\"王\r女士\"\rli@example.com,李\r");

        Assert.Equal([2, 4], rows.Select(r => r.Line));
        Assert.Equal("li@example.com", rows[1].Input?.Email);
    }

    [Fact]
    public void Parse_QuotedFieldWithCommaAndQuotes_IsOneValue()
    {
        var rows = SubscriberCsv.Parse("email,name,keywords\r\nwang@example.com,\"Wang, \"\"Li\"\" 投资\",\"招商,引资\"\r\nli@example.com,李,\r\n");

        Assert.Equal("Wang, \"Li\" 投资", rows[0].Input!.Name);
        Assert.Equal(["招商,引资"], rows[0].Input!.Keywords);
        Assert.Equal(("li@example.com", 3), (rows[1].Input!.Email, rows[1].Line));
    }

    [Fact]
    public void Parse_ListsSplitBySemicolonsFullWidthSemicolonsAndBars()
    {
        var row = Assert.Single(SubscriberCsv.Parse("email,channels,keywords\nwang@example.com,policy；zone-news|projects; investment-trends,招商；AI|新能源;芯片\n"));

        Assert.Equal(["policy", "zone-news", "projects", "investment-trends"], row.Input!.Channels);
        Assert.Equal(["招商", "AI", "新能源", "芯片"], row.Input.Keywords);
    }

    [Fact]
    public void Parse_Gb18030Bytes_ReadsTheChinese()
    {
        var bytes = PageDecoder.Gb18030.GetBytes("email,name,keywords\r\nwang@example.com,王女士,招商；引资\r\n");

        var row = Assert.Single(SubscriberCsv.Parse(bytes));

        Assert.Equal(("王女士", 2), (row.Input!.Name, row.Line));
        Assert.Equal(["招商", "引资"], row.Input.Keywords);
    }

    [Fact]
    public void Parse_Utf8WithBom_ReadsTheHeader()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("email,name\nwang@example.com,王女士\n")).ToArray();

        var row = Assert.Single(SubscriberCsv.Parse(bytes));

        Assert.Equal(("wang@example.com", "王女士"), (row.Input!.Email, row.Input.Name));
    }

    [Fact]
    public void Parse_BadRows_AreReportedWithTheLineTheyStartOnWhileGoodRowsAreRead()
    {
        var text =
            "email,name,frequency\r\n" +             // 1
            "good1@example.com,甲,daily\r\n" +       // 2
            "not-an-email,乙,daily\r\n" +            // 3
            "\r\n" +                                // 4
            "good2@example.com,丙,monthly\r\n" +     // 5
            "good3@example.com,丁\r\n" +             // 6
            "good4@example.com,\"戊\r\n续\",weekly\r\n" + // 7-8
            "good5@example.com,\"己,庚\",weekly\r\n" + // 9
            "good6@example.com,辛,daily,extra\r\n";  // 10

        var rows = SubscriberCsv.Parse(text);

        Assert.Equal([2, 3, 5, 6, 7, 9, 10], rows.Select(r => r.Line));
        Assert.Equal(["good1@example.com", "good5@example.com"], rows.Where(r => r.Input is not null).Select(r => r.Input!.Email));
        Assert.Equal("email 'not-an-email' is not an address like name@example.com", rows[1].Problem);
        Assert.Equal("frequency 'monthly' is not daily or weekly", rows[2].Problem);
        Assert.StartsWith("has 2 fields, the header has 3", rows[3].Problem, StringComparison.Ordinal);
        Assert.Equal("name contains a line break or control character", rows[4].Problem);
        Assert.StartsWith("has 4 fields, the header has 3", rows[6].Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("email,phone\nwang@example.com,1\n", "line 1: unknown column 'phone'")]
    [InlineData("name,frequency\n王,daily\n", "line 1: the header has no 'email' column")]
    [InlineData("\nemail,email\n", "line 2: column 'email' appears twice")]
    public void Parse_BadHeader_ThrowsNamingTheProblem(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => SubscriberCsv.Parse(text));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ImportThroughTheDirectory_BadRows_DoNotKeepGoodRowsOut(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var rows = SubscriberCsv.Parse("email,channels\r\na@example.com,policy\r\nbad,policy\r\nb@example.com,no-such-channel\r\nc@example.com,\r\n");

        var changes = await store.SubscriberDirectory.SaveAsync(rows.Where(r => r.Input is not null).Select(r => r.Input!).ToList(), pending: false);

        Assert.Equal([true, false, true], changes.Select(c => c.Saved is not null));
        Assert.Equal(["a@example.com", "c@example.com"], (await store.Subscribers.ListAsync(null)).Select(s => s.Email));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task Write_ExportImportExport_GivesTheSameText(string provider)
    {
        await using var first = await TestStore.CreateOnAsync(provider);
        await first.SubscriberDirectory.SaveAsync(
            [
                new SubscriberInput("wang@example.com", "Wang, \"Li\" 投资", DigestFrequency.Weekly, ["policy", "zone-news-text"], ["招商", "ＡＩ", "new energy"]),
                new SubscriberInput("Zhao@Example.com", "赵", DigestFrequency.Daily, [], ["芯片,半导体"]),
                new SubscriberInput("li@example.com", "", DigestFrequency.Daily, ["projects"], []),
                new SubscriberInput("\"qian,sun\"@example.com", "钱 孙", DigestFrequency.Daily, [], []),
            ],
            pending: false);
        var exported = SubscriberCsv.Write(await first.Subscribers.ListAsync(null));
        await using var second = await TestStore.CreateOnAsync(provider);

        var rows = SubscriberCsv.Parse(Encoding.UTF8.GetBytes(exported));
        var changes = await second.SubscriberDirectory.SaveAsync(rows.Select(r => r.Input ?? throw new InvalidOperationException(r.Problem)).ToList(), pending: false);
        var again = SubscriberCsv.Write(await second.Subscribers.ListAsync(null));

        Assert.Equal(4, (await first.Subscribers.ListAsync(null)).Count);
        Assert.All(changes, c => Assert.Equal(SubscriberSaveOutcome.Added, c.Saved?.Outcome));
        Assert.Equal(exported, again);
        Assert.StartsWith("email,name,frequency,channels,keywords\r\n", exported, StringComparison.Ordinal);
        Assert.Contains("wang@example.com,\"Wang, \"\"Li\"\" 投资\",weekly,policy;zone-news-text,招商;ＡＩ;new energy\r\n", exported, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UnsubscribedAddress_StaysUnsubscribed()
    {
        await using var store = await TestStore.CreateAsync();
        await store.SubscriberDirectory.SaveAsync([new SubscriberInput("wang@example.com", "王", DigestFrequency.Daily, [], [])], pending: false);
        await ExecuteAsync(store, "UPDATE subscribers SET status = 'unsubscribed'");
        var rows = SubscriberCsv.Parse("email,name,frequency\nWANG@example.com,王女士,weekly\n");

        var change = Assert.Single(await store.SubscriberDirectory.SaveAsync([rows[0].Input!], pending: false));

        Assert.Equal(SubscriberSaveOutcome.Updated, change.Saved?.Outcome);
        var subscriber = Assert.Single(await store.Subscribers.ListAsync(null));
        Assert.Equal(SubscriberStatus.Unsubscribed, subscriber.Status);
        Assert.Equal("王女士", subscriber.Name);
        Assert.Empty(await store.Subscribers.ListAsync(SubscriberStatus.Active));
    }

    private static async Task ExecuteAsync(TestStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
