using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using InvestChn.Storage;
using InvestChn.Subscribers;
using InvestChn.Tests.Storage;

namespace InvestChn.Tests.Delivery;

/// <summary>Settings, subscribers, pages and an edition for delivery tests.</summary>
internal static partial class DeliveryScenario
{
    public const string PublicUrl = "https://news.investchn.test";

    public const string DailySubject = "投促中国 · 每日要闻 · 2026年11月28日";

    public const int LeaseSeconds = 10;

    public const int RetryBaseSeconds = 60;

    /// <summary>Settings for a relay on <paramref name="server"/> (or the pickup folder when null), plus <paramref name="more"/>.</summary>
    public static Dictionary<string, string?> Settings(TestSmtpServer? server, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = server is null ? "" : "127.0.0.1",
            ["Smtp:Port"] = server?.Port.ToString(CultureInfo.InvariantCulture) ?? "25",
            ["Smtp:Security"] = "None",
            ["Smtp:TimeoutSeconds"] = "5",
            ["Delivery:LeaseSeconds"] = LeaseSeconds.ToString(CultureInfo.InvariantCulture),
            ["Delivery:RetryBaseSeconds"] = RetryBaseSeconds.ToString(CultureInfo.InvariantCulture),
            ["Digests:MaxArticleAgeDays"] = "0",
            ["Site:PublicUrl"] = PublicUrl,
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Active daily subscribers; add them before the articles, or their cursor starts past them.</summary>
    public static async Task AddSubscribersAsync(TestStore store, params (string Email, string Name)[] subscribers)
    {
        var changes = await store.SubscriberDirectory.SaveAsync(
            subscribers.Select(s => new SubscriberInput(s.Email, s.Name, DigestFrequency.Daily, [], [])).ToList(), pending: false);
        Assert.All(changes, c => Assert.Empty(c.Problems));
    }

    public static Task AddSubscribersAsync(TestStore store, params string[] emails) =>
        AddSubscribersAsync(store, emails.Select(e => (e, "")).ToArray());

    /// <summary><paramref name="count"/> addresses reader001@example.com, reader002@...</summary>
    public static string[] Readers(int count) =>
        Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"reader{i:000}@example.com")).ToArray();

    /// <summary>A page in the site's text layout.</summary>
    public static string TextPage(string title, string date = "2026-11-27", string channel = "投资动态", string body = "长三角开发区第三季度新签外资项目同比增长，制造业项目占比过半。") =>
        $"您现在的位置:首页 > {channel.Replace("/", " > ", StringComparison.Ordinal)}\n{title}\n发布时间:{date}    来源:投促中国\n\n  {body}\n";

    /// <summary>A page in the site's HTML layout; <paramref name="titleHtml"/> goes into the heading as it is (entities and all).</summary>
    public static string HtmlPage(string titleHtml, string date = "2026-11-27", string channel = "投资动态", string body = "项目总投资约二十亿元，预计明年投产。") =>
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>页面</title></head><body>" +
        $"<div class=\"position\">您现在的位置：<a href=\"/\">首页</a> &gt; {channel.Replace("/", " &gt; ", StringComparison.Ordinal)}</div>" +
        $"<div class=\"article\"><h1>{titleHtml}</h1><div class=\"info\">发布时间：{date}&nbsp;&nbsp;来源：投促中国</div>" +
        $"<div class=\"content\"><p>{body}</p></div></div></body></html>";

    /// <summary>Writes the pages (name → content) into a folder of the store and imports them; every page must be added.</summary>
    public static async Task ImportPagesAsync(TestStore store, params (string Name, string Content)[] pages)
    {
        var folder = Path.Combine(store.Directory.Path, "pages-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var (name, content) in pages)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, name), content, new UTF8Encoding(false));
        }

        var report = await store.Importer.ImportAsync([folder], null, default);
        Assert.Equal(pages.Length, report.Added);
    }

    /// <summary>Imports two small articles.</summary>
    public static Task ImportSomeNewsAsync(TestStore store) => ImportPagesAsync(
        store,
        ("001_yrd-foreign-capital.txt", TextPage("长三角开发区三季度外资项目增长")),
        ("002_hefei-display-park.txt", TextPage("合肥新站高新区新型显示产业园开工", "2026-11-26")));

    /// <summary>Plans the daily edition due at the store's "now" (2026-11-28 14:00 in Shanghai: the 08:00 edition) and checks it has rows to send.</summary>
    public static async Task PlanDailyAsync(TestStore store, int expectedToSend)
    {
        var plan = await store.Planner.PlanAsync(DigestFrequency.Daily, store.Time.GetUtcNow());
        Assert.Equal(expectedToSend, plan.ToSend);
    }

    /// <summary>Outbox rows by subscriber address.</summary>
    public static async Task<Dictionary<string, DeliveryRecord>> RowsAsync(TestStore store) =>
        (await store.Digests.ListDeliveriesAsync(null, 0)).ToDictionary(r => r.Email, StringComparer.OrdinalIgnoreCase);

    /// <summary>The message the server received for <paramref name="email"/> (exactly one).</summary>
    public static ReceivedMessage ReceivedBy(TestSmtpServer server, string email) =>
        Assert.Single(server.Messages, m => m.Recipients.Contains(email, StringComparer.OrdinalIgnoreCase));

    /// <summary>The value of header <paramref name="name"/> as sent: its lines unfolded, encoded words left as they are.</summary>
    public static IReadOnlyList<string> RawHeaderValues(ReceivedMessage message, string name)
    {
        var unfolded = FoldPattern().Replace(message.RawHeaders, " ");
        return unfolded.Split("\r\n")
            .Where(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(line => line[(name.Length + 1)..].Trim())
            .ToList();
    }

    /// <summary>The RFC 2047 encoded words in <paramref name="value"/>: charset, encoding (B or Q) and payload.</summary>
    public static IReadOnlyList<(string Charset, char Encoding, string Payload)> EncodedWords(string value) =>
        EncodedWordPattern().Matches(value).Select(m => (m.Groups[1].Value, char.ToUpperInvariant(m.Groups[2].Value[0]), m.Groups[3].Value)).ToList();

    /// <summary>The bytes an encoded word's payload stands for.</summary>
    public static byte[] DecodePayload(char encoding, string payload)
    {
        if (encoding == 'B')
        {
            return Convert.FromBase64String(payload);
        }

        var bytes = new List<byte>();
        for (var i = 0; i < payload.Length; i++)
        {
            if (payload[i] == '=' && i + 2 < payload.Length)
            {
                bytes.Add(Convert.ToByte(payload.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add(payload[i] == '_' ? (byte)' ' : (byte)payload[i]);
            }
        }

        return [.. bytes];
    }

    /// <summary>Waits (polling) until <paramref name="condition"/> holds; fails after <paramref name="seconds"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting until " + what);
            await Task.Delay(20);
        }
    }

    [GeneratedRegex(@"\r\n(?=[ \t])[ \t]*")]
    private static partial Regex FoldPattern();

    [GeneratedRegex(@"=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWordPattern();
}
