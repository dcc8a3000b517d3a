using System.Net;
using Dapper;
using InvestChn.Storage;
using InvestChn.Subscribers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace InvestChn.Tests.Web;

/// <summary>The public pages through the worker's real HTTP pipeline (Kestrel on 127.0.0.1), a real SQLite file and the pickup folder.</summary>
public sealed class SubscriberPagesHttpTests
{
    private static readonly (string, string)[] Daily = [("frequency", "daily")];

    [Fact]
    public async Task GetSubscribe_ShowsFormWithAntiforgeryHoneypotChannelsAndSecurityHeaders()
    {
        await using var host = await PagesHost.StartAsync();
        using var client = host.NewClient();

        using var response = await client.GetAsync(new Uri("/subscribe", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        AssertSecurityHeaders(response);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"__form\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"website\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"policy-local\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace(host.BaseAddress.AbsoluteUri, "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostSubscribe_NewAddress_PendingSubscriberAndOneConfirmationEmailThatConfirmsOnPost()
    {
        await using var host = await PagesHost.StartAsync();
        using var client = host.NewClient();

        using var posted = await PagesHost.SubmitAsync(client, "/subscribe", "/subscribe",
            ("email", "wang.li@example.com"), ("name", "王丽"), ("frequency", "weekly"), ("channel", "policy-local"), ("keywords", "招商，外资 园区"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("请查收确认邮件", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var pending = await host.SubscriberAsync("wang.li@example.com");
        Assert.Equal(SubscriberStatus.Pending, pending.Status);
        Assert.Equal(DigestFrequency.Weekly, pending.Frequency);
        Assert.Equal(["policy-local"], pending.Channels);
        Assert.Equal(["招商", "外资", "园区"], pending.Keywords);

        var mail = Assert.Single(await host.DeliverAsync());
        Assert.Equal("wang.li@example.com", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Contains("确认", mail.Subject, StringComparison.Ordinal);
        var confirm = host.LinkIn(mail, "/confirm/");
        Assert.Contains(confirm, mail.HtmlBody, StringComparison.Ordinal);

        // Opening the link (a mail scanner does) changes nothing.
        using (var page = await client.GetAsync(new Uri(confirm, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            AssertSecurityHeaders(page);
            Assert.Contains("确认订阅", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(SubscriberStatus.Pending, (await host.SubscriberAsync("wang.li@example.com")).Status);

        using (var done = await PagesHost.SubmitAsync(client, confirm, confirm))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            Assert.Null(done.Headers.Location);
            Assert.Contains("订阅成功", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var active = await host.SubscriberAsync("wang.li@example.com");
        Assert.Equal(SubscriberStatus.Active, active.Status);
        Assert.NotNull(active.ConfirmedAt);

        // A replay is harmless: the same page, nothing changes.
        // (The confirm page of an active subscriber has no form any more: the token comes from another page.)
        using (var again = await PagesHost.SubmitAsync(client, "/subscribe", confirm))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Contains("订阅成功", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var replayed = await host.SubscriberAsync("wang.li@example.com");
        Assert.Equal((active.Status, active.ConfirmedAt, active.CursorSequence), (replayed.Status, replayed.ConfirmedAt, replayed.CursorSequence));
        Assert.Empty(await host.DeliverAsync());
    }

    [Fact]
    public async Task PostSubscribe_NewPendingOrActiveAddress_AnswersTheSamePage()
    {
        await using var host = await PagesHost.StartAsync();
        await host.Services.GetRequiredService<SubscriberDirectory>().SaveAsync(
            [new SubscriberInput("active@example.com", "", DigestFrequency.Daily, [], [])], pending: false);
        using var client = host.NewClient();

        var bodies = new List<string>();
        foreach (var email in (string[])["new@example.com", "new@example.com", "active@example.com"])
        {
            using var response = await PagesHost.SubmitAsync(client, "/subscribe", "/subscribe", [("email", email), .. Daily]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(bodies.Distinct(StringComparer.Ordinal));
        Assert.Equal(SubscriberStatus.Active, (await host.SubscriberAsync("active@example.com")).Status);
        Assert.Equal("new@example.com", Assert.Single(Assert.Single(await host.DeliverAsync()).To.Mailboxes).Address);
    }

    [Fact]
    public async Task PostSubscribe_HundredTimesForOneAddress_AtMostOneConfirmationEmail()
    {
        await using var host = await PagesHost.StartAsync("--Subscriptions:RateLimitPermits=1000");
        using var client = host.NewClient();
        var (_, token) = await PagesHost.GetFormAsync(client, "/subscribe");

        var posts = Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await client.PostAsync(new Uri("/subscribe", UriKind.Relative), new FormUrlEncodedContent(
                [token, new("email", i % 2 == 0 ? "target@example.com" : "TARGET@Example.com"), new("frequency", "daily")]));
            return response.StatusCode;
        });
        Assert.All(await Task.WhenAll(posts), status => Assert.Equal(HttpStatusCode.OK, status));

        var mail = Assert.Single(await host.DeliverAsync());
        Assert.Equal("target@example.com", Assert.Single(mail.To.Mailboxes).Address, ignoreCase: true);
        await using var connection = new SqliteConnection($"Data Source={host.DatabasePath}");
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE kind = 'confirm'"));
    }

    [Fact]
    public async Task PostSubscribe_OverTheClientLimit_Answers429WithRetryAfter()
    {
        await using var host = await PagesHost.StartAsync("--Subscriptions:RateLimitPermits=3", "--Subscriptions:RateLimitWindow=00:10:00");
        using var client = host.NewClient();
        var (_, token) = await PagesHost.GetFormAsync(client, "/subscribe");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last?.Dispose();
            last = await client.PostAsync(new Uri("/subscribe", UriKind.Relative), new FormUrlEncodedContent(
                [token, new("email", $"person{i}@example.com"), new("frequency", "daily")]));
            statuses.Add(last.StatusCode);
        }

        using (last)
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429, (HttpStatusCode)429], statuses);
            Assert.NotNull(last!.Headers.RetryAfter?.Delta);
            Assert.InRange(last.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
            AssertSecurityHeaders(last);
        }

        Assert.Null(await host.Subscribers.FindAsync("person3@example.com"));
        Assert.Null(await host.Subscribers.FindAsync("person4@example.com"));
        Assert.Equal(3, (await host.DeliverAsync()).Count);
    }

    [Fact]
    public async Task PostSubscribe_WithoutAntiforgeryToken_400AndNothingStored()
    {
        await using var host = await PagesHost.StartAsync();
        using var client = host.NewClient();

        using var response = await client.PostAsync(new Uri("/subscribe", UriKind.Relative), new FormUrlEncodedContent(
            [new("email", "forged@example.com"), new("frequency", "daily")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await host.Subscribers.FindAsync("forged@example.com"));
        Assert.Empty(await host.DeliverAsync());
    }

    [Fact]
    public async Task PostSubscribe_HoneypotFilled_SamePageAsAPersonButNothingStored()
    {
        await using var host = await PagesHost.StartAsync();
        using var client = host.NewClient();

        using var bot = await PagesHost.SubmitAsync(client, "/subscribe", "/subscribe", [("email", "bot-victim@example.com"), ("website", "http://spam.example"), .. Daily]);
        using var person = await PagesHost.SubmitAsync(client, "/subscribe", "/subscribe", [("email", "person@example.com"), .. Daily]);

        Assert.Equal(HttpStatusCode.OK, bot.StatusCode);
        Assert.Equal(await person.Content.ReadAsStringAsync(), await bot.Content.ReadAsStringAsync());
        Assert.Null(await host.Subscribers.FindAsync("bot-victim@example.com"));
        Assert.Equal("person@example.com", Assert.Single(Assert.Single(await host.DeliverAsync()).To.Mailboxes).Address);
    }

    [Theory]
    [InlineData("王丽\r\nBcc: victim@example.com")]
    [InlineData("line\nbreak")]
    public async Task PostSubscribe_LineBreakInName_RejectedWithTheFormAgain(string name)
    {
        await using var host = await PagesHost.StartAsync();
        using var client = host.NewClient();

        using var response = await PagesHost.SubmitAsync(client, "/subscribe", "/subscribe", [("email", "crlf@example.com"), ("name", name), .. Daily]);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("称呼不能含换行", html, StringComparison.Ordinal);
        Assert.Contains("value=\"crlf@example.com\"", html, StringComparison.Ordinal);
        Assert.Null(await host.Subscribers.FindAsync("crlf@example.com"));
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("a@b")]
    [InlineData("")]
    public async Task PostSubscribe_BadAddress_RejectedAndEncodedBack(string email)
    {
        await using var host = await PagesHost.StartAsync();
        using var client = host.NewClient();

        using var response = await PagesHost.SubmitAsync(client, "/subscribe", "/subscribe", [("email", email), .. Daily]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请填写有效的电子邮箱地址", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await host.DeliverAsync());
    }

    [Fact]
    public async Task ScriptInName_IsEncodedOnPagesAndInTheEmail()
    {
        await using var host = await PagesHost.StartAsync();
        using var client = host.NewClient();
        const string name = "<script>alert(1)</script>\"'&";

        using (var response = await PagesHost.SubmitAsync(client, "/subscribe", "/subscribe", [("email", "xss@example.com"), ("name", name), .. Daily]))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var mail = Assert.Single(await host.DeliverAsync());
        Assert.DoesNotContain("<script>", mail.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", mail.HtmlBody, StringComparison.Ordinal);
        var subscriber = await host.SubscriberAsync("xss@example.com");
        Assert.Equal(name, subscriber.Name);

        var (html, _) = await PagesHost.GetFormAsync(client, "/preferences/" + subscriber.Token);
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirm_TamperedUnknownOrMissingToken_SameNotFoundPageAndNoChange()
    {
        await using var host = await PagesHost.StartAsync();
        using var client = host.NewClient();
        using (await PagesHost.SubmitAsync(client, "/subscribe", "/subscribe", [("email", "tamper@example.com"), .. Daily]))
        {
        }

        var confirm = host.LinkIn(Assert.Single(await host.DeliverAsync()), "/confirm/");
        var token = confirm["/confirm/".Length..];
        var parts = token.Split('.');
        var otherId = $"c{long.Parse(parts[0][1..], System.Globalization.CultureInfo.InvariantCulture) + 1}.{parts[1]}.{parts[2]}";
        var flipped = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        var later = $"{parts[0]}.{long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 86_400_000}.{parts[2]}";

        var notFound = await NotFoundPageAsync(client);
        foreach (var bad in (string[])["/confirm/" + flipped, "/confirm/" + otherId, "/confirm/" + later, "/confirm/", "/confirm", "/confirm/x/y"])
        {
            using var get = await client.GetAsync(new Uri(bad, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            Assert.Equal(notFound, await get.Content.ReadAsStringAsync());
            var (_, form) = await PagesHost.GetFormAsync(client, "/subscribe");
            using var post = await client.PostAsync(new Uri(bad, UriKind.Relative), new FormUrlEncodedContent([form]));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        Assert.Equal(SubscriberStatus.Pending, (await host.SubscriberAsync("tamper@example.com")).Status);
    }

    [Fact]
    public async Task Confirm_Expired_OffersANewEmailAndDoesNotActivate()
    {
        await using var host = await PagesHost.StartAsync("--Subscriptions:ConfirmationTtl=00:00:05", "--Subscriptions:ConfirmationInterval=00:00:05");
        using var client = host.NewClient();
        using (await PagesHost.SubmitAsync(client, "/subscribe", "/subscribe", [("email", "late@example.com"), .. Daily]))
        {
        }

        var confirm = host.LinkIn(Assert.Single(await host.DeliverAsync()), "/confirm/");
        // The worker reads the system clock; the link is let run out for real.
        await Task.Delay(TimeSpan.FromSeconds(5.5));

        var (html, _) = await PagesHost.GetFormAsync(client, confirm);
        Assert.Contains("确认链接已过期", html, StringComparison.Ordinal);
        Assert.Contains("name=\"resend\"", html, StringComparison.Ordinal);

        using (var post = await PagesHost.SubmitAsync(client, confirm, confirm))
        {
            Assert.Contains("确认链接已过期", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(SubscriberStatus.Pending, (await host.SubscriberAsync("late@example.com")).Status);

        using (var resend = await PagesHost.SubmitAsync(client, confirm, confirm, ("resend", "1")))
        {
            Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
            Assert.Contains("新的确认邮件", await resend.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var fresh = host.LinkIn(Assert.Single(await host.DeliverAsync()), "/confirm/");
        Assert.NotEqual(confirm, fresh);
    }

    [Fact]
    public async Task Unsubscribe_GetChangesNothing_PostWithFormUnsubscribes()
    {
        await using var host = await PagesHost.StartAsync();
        var subscriber = await ActiveAsync(host, "leave@example.com");
        using var client = host.NewClient();

        var (html, _) = await PagesHost.GetFormAsync(client, "/unsubscribe/" + subscriber.Token);
        Assert.Contains("确认退订", html, StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Active, (await host.SubscriberAsync("leave@example.com")).Status);

        using var response = await PagesHost.SubmitAsync(client, "/unsubscribe/" + subscriber.Token, "/unsubscribe/" + subscriber.Token, ("scope", "all"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await host.SubscriberAsync("leave@example.com")).Status);
    }

    [Fact]
    public async Task Unsubscribe_OneClickPostWithoutCookies_Unsubscribes200WithoutRedirect()
    {
        await using var host = await PagesHost.StartAsync();
        var subscriber = await ActiveAsync(host, "oneclick@example.com");
        using var client = host.NewClient(cookies: false);

        using var response = await client.PostAsync(new Uri("/unsubscribe/" + subscriber.Token, UriKind.Relative),
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await host.SubscriberAsync("oneclick@example.com")).Status);
    }

    [Fact]
    public async Task Unsubscribe_OneClickAsMultipart_AlsoWorks()
    {
        await using var host = await PagesHost.StartAsync();
        var subscriber = await ActiveAsync(host, "multipart@example.com");
        using var client = host.NewClient(cookies: false);
        using var body = new MultipartFormDataContent { { new StringContent("One-Click"), "List-Unsubscribe" } };

        using var response = await client.PostAsync(new Uri("/unsubscribe/" + subscriber.Token, UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await host.SubscriberAsync("multipart@example.com")).Status);
    }

    [Fact]
    public async Task Unsubscribe_PostWithoutOneClickOrFormToken_400AndNoChange()
    {
        await using var host = await PagesHost.StartAsync();
        var subscriber = await ActiveAsync(host, "stay@example.com");
        using var client = host.NewClient(cookies: false);

        using var response = await client.PostAsync(new Uri("/unsubscribe/" + subscriber.Token, UriKind.Relative),
            new FormUrlEncodedContent([new("scope", "all")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(SubscriberStatus.Active, (await host.SubscriberAsync("stay@example.com")).Status);
    }

    [Fact]
    public async Task Unsubscribe_TamperedUnknownOrMissingToken_SameNotFoundPageAndNoChange()
    {
        await using var host = await PagesHost.StartAsync();
        var subscriber = await ActiveAsync(host, "victim@example.com");
        using var client = host.NewClient(cookies: false);
        var token = subscriber.Token;
        var (random, mac) = (token[..token.IndexOf('.', StringComparison.Ordinal)], token[(token.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        var flippedMac = random + "." + (mac[0] == 'A' ? 'B' : 'A') + mac[1..];
        var flippedRandom = (random[0] == 'A' ? 'B' : 'A') + random[1..] + "." + mac;
        var unknownLegacy = SubscriberToken.Create();

        var notFound = await NotFoundPageAsync(client);
        foreach (var bad in (string[])[flippedMac, flippedRandom, random, unknownLegacy, token + "x", ""])
        {
            foreach (var path in (string[])["/unsubscribe/" + bad, "/preferences/" + bad])
            {
                using var get = await client.GetAsync(new Uri(path, UriKind.Relative));
                Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
                Assert.Equal(notFound, await get.Content.ReadAsStringAsync());
                using var post = await client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
                Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
                Assert.Equal(notFound, await post.Content.ReadAsStringAsync());
            }
        }

        Assert.Equal(SubscriberStatus.Active, (await host.SubscriberAsync("victim@example.com")).Status);
    }

    [Fact]
    public async Task Unsubscribe_TokenMadeBeforeLinksWereSigned_StillWorks()
    {
        await using var host = await PagesHost.StartAsync();
        var subscriber = await ActiveAsync(host, "old@example.com");
        var legacy = SubscriberToken.Create();
        await using (var connection = new SqliteConnection($"Data Source={host.DatabasePath}"))
        {
            await connection.ExecuteAsync("UPDATE subscribers SET token = @legacy WHERE id = @Id", new { legacy, subscriber.Id });
        }

        using var client = host.NewClient(cookies: false);
        using var response = await client.PostAsync(new Uri("/unsubscribe/" + legacy, UriKind.Relative), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await host.SubscriberAsync("old@example.com")).Status);
    }

    [Fact]
    public async Task Unsubscribe_OnlyOneChannel_KeepsTheOthers()
    {
        await using var host = await PagesHost.StartAsync();
        var subscriber = await ActiveAsync(host, "channels@example.com", ["policy-local", "policy-national"]);
        using var client = host.NewClient();
        var path = "/unsubscribe/" + subscriber.Token;

        var (html, _) = await PagesHost.GetFormAsync(client, path);
        Assert.Contains("value=\"channel:policy-local\"", html, StringComparison.Ordinal);
        using var response = await PagesHost.SubmitAsync(client, path, path, ("scope", "channel:policy-local"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await host.SubscriberAsync("channels@example.com");
        Assert.Equal(SubscriberStatus.Active, after.Status);
        Assert.Equal(["policy-national"], after.Channels);
    }

    [Fact]
    public async Task Preferences_GetShowsThem_PostWithFormSavesThem_PostWithoutFormChangesNothing()
    {
        await using var host = await PagesHost.StartAsync();
        var subscriber = await ActiveAsync(host, "prefs@example.com");
        using var client = host.NewClient();
        var path = "/preferences/" + subscriber.Token;

        var (html, _) = await PagesHost.GetFormAsync(client, path);
        Assert.Contains("prefs@example.com", html, StringComparison.Ordinal);

        using (var forged = await host.NewClient(cookies: false).PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent([new("frequency", "weekly")])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Equal(DigestFrequency.Daily, (await host.SubscriberAsync("prefs@example.com")).Frequency);

        using (var saved = await PagesHost.SubmitAsync(client, path, path, ("name", "李雷"), ("frequency", "weekly"), ("channel", "policy-local"), ("keywords", "新能源、芯片")))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            Assert.Contains("设置已保存", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var after = await host.SubscriberAsync("prefs@example.com");
        Assert.Equal(("李雷", DigestFrequency.Weekly, SubscriberStatus.Active), (after.Name, after.Frequency, after.Status));
        Assert.Equal(["policy-local"], after.Channels);
        Assert.Equal(["新能源", "芯片"], after.Keywords);

        using var bad = await PagesHost.SubmitAsync(client, path, path, ("frequency", "weekly"), ("channel", "no-such-channel"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["policy-local"], (await host.SubscriberAsync("prefs@example.com")).Channels);
    }

    [Fact]
    public async Task Pages_NoRouteTakesARedirectTarget_AndNoAnswerRedirects()
    {
        await using var host = await PagesHost.StartAsync();
        var subscriber = await ActiveAsync(host, "redirect@example.com");
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? "").ToList();
        Assert.All(routes, route => Assert.DoesNotMatch("(?i)return|next|redirect|goto|url", route));

        using var client = host.NewClient();
        const string query = "?returnUrl=https://evil.example/&next=https://evil.example/&redirect=https://evil.example/";
        foreach (var path in (string[])["/subscribe", "/unsubscribe/" + subscriber.Token, "/preferences/" + subscriber.Token, "/confirm/c1.1.x"])
        {
            using var get = await client.GetAsync(new Uri(path + query, UriKind.Relative));
            Assert.Null(get.Headers.Location);
            Assert.DoesNotContain("evil.example", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            AssertSecurityHeaders(get);
        }

        using var post = await PagesHost.SubmitAsync(client, "/subscribe", "/subscribe" + query, [("email", "r@example.com"), .. Daily]);
        Assert.Null(post.Headers.Location);
        Assert.DoesNotContain("evil.example", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<Subscriber> ActiveAsync(PagesHost host, string email, IReadOnlyList<string>? channels = null)
    {
        var change = Assert.Single(await host.Services.GetRequiredService<SubscriberDirectory>().SaveAsync(
            [new SubscriberInput(email, "", DigestFrequency.Daily, channels ?? [], [])], pending: false));
        Assert.Empty(change.Problems);
        return change.Saved!.Subscriber;
    }

    private static async Task<string> NotFoundPageAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/unsubscribe", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertSecurityHeaders(response);
        return await response.Content.ReadAsStringAsync();
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }
}
