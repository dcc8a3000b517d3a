using System.Text;
using System.Text.RegularExpressions;
using InvestChn.Tests.Storage;
using MimeKit;
using static InvestChn.Tests.Delivery.DeliveryScenario;

namespace InvestChn.Tests.Delivery;

/// <summary>What subscribers' mail servers receive: digests from a real run, parsed back from the bytes on the wire.</summary>
public partial class DigestMessageTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Fact]
    public async Task DrainAsync_DailyEditionToThreeSubscribers_EachReceivesOneWellFormedChineseDigest()
    {
        // Arrange
        await using var server = await TestSmtpServer.StartAsync();
        await using var store = await TestStore.CreateAsync(Settings(server));
        (string Email, string Name)[] subscribers = [("zhang.san@example.com", "张三"), ("li.si@example.org", ""), ("Wang.Wu@Example.net", "Wang Wu")];
        await AddSubscribersAsync(store, subscribers);
        await store.Importer.ImportAsync([TestPaths.Seeds], null, default);
        await PlanDailyAsync(store, expectedToSend: 3);

        // Act
        var report = await store.Dispatcher.DrainAsync();

        // Assert
        Assert.Equal(3, report.Sent);
        Assert.True(report.Clean, report.StopReason);
        Assert.Equal(3, server.Messages.Count);
        var rows = await RowsAsync(store);
        var unsubscribeHeaders = new List<string>();
        foreach (var (email, name) in subscribers)
        {
            var subscriber = await store.Subscribers.FindAsync(email);
            Assert.NotNull(subscriber);
            var received = ReceivedBy(server, email);
            var message = received.Parse();

            Assert.Equal(DailySubject, message.Subject);
            AssertEncodedWordsAreWholeUtf8(Assert.Single(RawHeaderValues(received, "Subject")));

            var alternative = Assert.IsType<MultipartAlternative>(message.Body);
            Assert.Equal(2, alternative.Count);
            var text = Assert.IsType<TextPart>(alternative[0]);
            var html = Assert.IsType<TextPart>(alternative[1]);
            Assert.True(text.ContentType.IsMimeType("text", "plain"), text.ContentType.MimeType);
            Assert.True(html.ContentType.IsMimeType("text", "html"), html.ContentType.MimeType);
            Assert.Equal("utf-8", text.ContentType.Charset, ignoreCase: true);
            Assert.Equal("utf-8", html.ContentType.Charset, ignoreCase: true);
            Assert.Contains("本期为您精选", html.Text, StringComparison.Ordinal);
            Assert.Contains("本期为您精选", text.Text, StringComparison.Ordinal);

            var from = Assert.Single(message.From.Mailboxes);
            Assert.Equal("投促中国", from.Name);
            Assert.Equal("digest@investchn.com", from.Address);
            var to = Assert.Single(message.To.Mailboxes);
            Assert.Equal(email, to.Address);
            Assert.Equal(name, to.Name ?? "");

            Assert.Equal(rows[email].MessageId, message.MessageId);

            var links = AngleLinks().Matches(message.Headers[HeaderId.ListUnsubscribe] ?? "").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(2, links.Count);
            var url = $"{PublicUrl}/unsubscribe/{subscriber.Token}";
            Assert.Equal(url, Assert.Single(links, l => l.StartsWith("https://", StringComparison.Ordinal)));
            Assert.Contains(links, l => l.StartsWith("mailto:digest@investchn.com?", StringComparison.Ordinal) && l.EndsWith(subscriber.Token, StringComparison.Ordinal));
            Assert.Equal("List-Unsubscribe=One-Click", message.Headers[HeaderId.ListUnsubscribePost]);
            Assert.Contains("<daily.digest.investchn.com>", message.Headers[HeaderId.ListId], StringComparison.Ordinal);
            Assert.Contains(url, html.Text, StringComparison.Ordinal);
            Assert.Contains("退订：" + url, text.Text, StringComparison.Ordinal);
            unsubscribeHeaders.Add(string.Join(", ", links));

            Assert.Equal([email], received.Recipients);
            Assert.Equal("digest@investchn.com", received.MailFrom);
        }

        Assert.Equal(3, unsubscribeHeaders.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task DrainAsync_ChineseSubject_EveryEncodedWordIsWholeUtf8OnItsOwn()
    {
        // Arrange: a subject with a long headline, too long for one encoded word.
        await using var server = await TestSmtpServer.StartAsync();
        await using var store = await TestStore.CreateAsync(Settings(server, ("Digests:SubjectFormat", "{site} · {edition} · {date} · {headline}")));
        await AddSubscribersAsync(store, "reader@example.com");
        var headline = "浙江省人民政府关于进一步支持开发区招商引资重大项目落地建设若干政策措施的通知（二〇二六年第十二号）";
        await ImportPagesAsync(store, ("001_long.txt", TextPage(headline)));
        await PlanDailyAsync(store, expectedToSend: 1);

        // Act
        await store.Dispatcher.DrainAsync();

        // Assert
        var received = ReceivedBy(server, "reader@example.com");
        var raw = Assert.Single(RawHeaderValues(received, "Subject"));
        Assert.True(EncodedWords(raw).Count >= 2, "expected the long subject in several encoded words: " + raw);
        AssertEncodedWordsAreWholeUtf8(raw);
        Assert.Equal($"投促中国 InvestCHN · 每日要闻 · 2026年11月28日 · {headline}", received.Parse().Subject);
    }

    [Theory]
    [InlineData("001_injection.html", "港口项目 &lt;b&gt;签约&lt;/b&gt; &amp; &quot;扩建&quot;&#13;&#10;Bcc: x@y", "港口项目 &lt;b&gt;签约&lt;/b&gt; &amp; &quot;扩建&quot; Bcc: x@y")]
    [InlineData("001_injection.txt", "港口项目 <b>签约</b> & \"扩建\"\u000BBcc: x@y", "港口项目 &lt;b&gt;签约&lt;/b&gt; &amp; &quot;扩建&quot;&#xB;Bcc: x@y")]
    public async Task DrainAsync_HeadlineWithLineBreakAndBccInSubject_OneSubjectNoBccNoExtraRecipient(string page, string heading, string encodedInHtml)
    {
        // Arrange: a page whose heading holds a line break (CR LF in HTML, a vertical tab in text), a Bcc line and markup; the subject is the headline.
        await using var server = await TestSmtpServer.StartAsync();
        await using var store = await TestStore.CreateAsync(Settings(server, ("Digests:SubjectFormat", "{headline}")));
        await AddSubscribersAsync(store, "reader@example.com");
        await ImportPagesAsync(store, (page, page.EndsWith(".html", StringComparison.Ordinal) ? HtmlPage(heading) : TextPage(heading)));
        var title = Assert.Single(await store.Articles.ListImportedAsync(0, long.MaxValue, null)).Title;
        Assert.Contains("Bcc: x@y", title, StringComparison.Ordinal);
        await PlanDailyAsync(store, expectedToSend: 1);

        // Act
        var report = await store.Dispatcher.DrainAsync();

        // Assert
        Assert.Equal(1, report.Sent);
        var received = Assert.Single(server.Messages);
        Assert.Equal(["reader@example.com"], received.Recipients);
        Assert.Single(RawHeaderValues(received, "Subject"));
        Assert.Empty(RawHeaderValues(received, "Bcc"));
        Assert.DoesNotContain("\r\nBcc:", received.RawHeaders, StringComparison.OrdinalIgnoreCase);
        var message = received.Parse();
        Assert.Empty(message.Bcc);
        Assert.Equal("reader@example.com", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("港口项目 <b>签约</b> & \"扩建\" Bcc: x@y", message.Subject);
        var html = Assert.IsType<TextPart>(Assert.IsType<MultipartAlternative>(message.Body)[1]).Text;
        Assert.Contains(encodedInHtml, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>签约</b>", html, StringComparison.Ordinal);
    }

    /// <summary>Each encoded word is UTF-8 and decodes alone: no character is split between two words.</summary>
    private static void AssertEncodedWordsAreWholeUtf8(string rawValue)
    {
        var words = EncodedWords(rawValue);
        Assert.NotEmpty(words);
        Assert.All(words, w =>
        {
            Assert.Equal("utf-8", w.Charset, ignoreCase: true);
            var decoded = StrictUtf8.GetString(DecodePayload(w.Encoding, w.Payload));
            Assert.DoesNotContain('\uFFFD', decoded);
        });
    }

    [GeneratedRegex("<([^>]*)>")]
    private static partial Regex AngleLinks();
}
