using System.Globalization;
using System.Net;
using InvestChn.Tests.Delivery;

namespace InvestChn.Tests.Web.Admin;

/// <summary>Deferred and failed deliveries retried through the admin API, against a real SMTP server in-process.</summary>
public sealed class AdminRetryTests
{
    [Fact]
    public async Task Retry_DeferredThenFailed_SendsTheDeferredAndSkipsTheBouncedRecipient()
    {
        await using var server = await TestSmtpServer.StartAsync();
        await using var host = await AdminHost.StartAsync(settings:
        [
            "--Smtp:Host=127.0.0.1",
            $"--Smtp:Port={server.Port.ToString(CultureInfo.InvariantCulture)}",
            "--Smtp:Security=None",
            "--Smtp:TimeoutSeconds=5",
            "--Smtp:Connections=1",
            "--Delivery:RetryBaseSeconds=3600",
        ]);
        foreach (var email in new[] { "gone@example.com", "later@example.com", "ok@example.com" })
        {
            using var created = await host.SendAsync(HttpMethod.Post, "/api/admin/subscribers", $$"""{"email":"{{email}}"}""");
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await host.ImportPagesAsync(("001.txt", DeliveryScenario.TextPage("长三角开发区三季度外资项目增长")));
        server.RefuseRecipient("gone@example.com");
        server.DeferNext(1);
        using var run = await host.SendAsync(HttpMethod.Post, "/api/admin/digests/run", """{"frequency":"daily","at":"2030-01-02T09:00"}""");
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var first = await host.WaitForDrainAsync();
        Assert.Equal((1, 1, 1), (first.GetProperty("sent").GetInt32(), first.GetProperty("deferred").GetInt32(), first.GetProperty("failed").GetInt32()));
        var deferred = Assert.Single((await AdminHost.JsonAsync(await host.SendAsync(HttpMethod.Get, "/api/admin/deliveries?status=deferred"))).GetProperty("items").EnumerateArray());
        Assert.StartsWith("451", deferred.GetProperty("lastReply").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.String, deferred.GetProperty("nextAttemptAt").ValueKind);

        using var retry = await host.SendAsync(HttpMethod.Post, "/api/admin/deliveries/retry");
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(1, (await AdminHost.JsonAsync(retry)).GetProperty("madeDue").GetInt32());
        var second = await host.WaitForDrainAsync();
        Assert.Equal((1, 0, 0), (second.GetProperty("sent").GetInt32(), second.GetProperty("deferred").GetInt32(), second.GetProperty("failed").GetInt32()));
        Assert.Equal(2, server.Messages.Count);

        using var retryFailed = await host.SendAsync(HttpMethod.Post, "/api/admin/deliveries/retry?failed=true");
        Assert.Equal(1, (await AdminHost.JsonAsync(retryFailed)).GetProperty("madeDue").GetInt32());
        var third = await host.WaitForDrainAsync();
        Assert.Equal((0, 1), (third.GetProperty("sent").GetInt32(), third.GetProperty("skipped").GetInt32()));
        var gone = Assert.Single((await AdminHost.JsonAsync(await host.SendAsync(HttpMethod.Get, "/api/admin/deliveries?email=gone@example.com"))).GetProperty("items").EnumerateArray());
        Assert.Equal("skipped", gone.GetProperty("status").GetString());
        Assert.Contains("bounced", gone.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var stats = await AdminHost.JsonAsync(await host.SendAsync(HttpMethod.Get, "/api/admin/stats?editions=1"));
        Assert.Equal((1L, 2L), (stats.GetProperty("subscribers").GetProperty("bounced").GetInt64(), stats.GetProperty("subscribers").GetProperty("active").GetInt64()));
        Assert.Equal((2L, 1L), (stats.GetProperty("deliveries").GetProperty("sent").GetInt64(), stats.GetProperty("deliveries").GetProperty("skipped").GetInt64()));
    }
}
