using InvestChn.Digests;
using InvestChn.Subscribers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace InvestChn.Tests.Web;

/// <summary>
/// A reader's whole way through the pages in a real browser: Debian's headless Chromium driven by
/// Playwright (its own browser download is never used). Each page's screenshot is kept and, when
/// the test fails, written to tests/artifacts/pages/ with one of the page as it was at the failure.
/// </summary>
public sealed class SubscriberPagesBrowserTests
{
    private static string ArtifactsDirectory => Path.Combine(TestPaths.RepositoryRoot, "tests", "artifacts", "pages");

    [ChromiumFact]
    public async Task Reader_SubscribesConfirmsReceivesADigestAndUnsubscribesFromIt()
    {
        Assert.True(File.Exists(ChromiumFactAttribute.Executable),
            $"Chromium is missing at {ChromiumFactAttribute.Executable}: CI must install it (apt-get install chromium fonts-wqy-zenhei); the browser test does not skip under CI.");
        await using var host = await PagesHost.StartAsync("--Digests:MaxArticleAgeDays=0");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 420, Height = 900 } });
        var page = await context.NewPageAsync();
        var shots = new List<(string Name, byte[] Png)>();
        async Task ShotAsync(string name) => shots.Add((name, await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true })));

        try
        {
            // Sign up.
            var opened = await page.GotoAsync(new Uri(host.BaseAddress, "/subscribe").AbsoluteUri);
            Assert.Equal(200, opened!.Status);
            await ShotAsync("1-subscribe");
            await page.FillAsync("#email", "reader@example.com");
            await page.FillAsync("#name", "张伟");
            await page.CheckAsync("input[name=frequency][value=daily]");
            await page.ClickAsync("button[type=submit]");
            await page.WaitForSelectorAsync("text=请查收确认邮件");
            await ShotAsync("2-check-your-email");
            Assert.Equal(SubscriberStatus.Pending, (await host.SubscriberAsync("reader@example.com")).Status);

            // The confirmation email, then its link and the button.
            var confirmation = Assert.Single(await host.DeliverAsync());
            var confirmPath = host.LinkIn(confirmation, "/confirm/");
            await page.GotoAsync(new Uri(host.BaseAddress, confirmPath).AbsoluteUri);
            await ShotAsync("3-confirm");
            Assert.Equal(SubscriberStatus.Pending, (await host.SubscriberAsync("reader@example.com")).Status);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForSelectorAsync("text=订阅成功");
            await ShotAsync("4-confirmed");
            Assert.Equal(SubscriberStatus.Active, (await host.SubscriberAsync("reader@example.com")).Status);

            // News arrives and the next daily edition goes out.
            await host.ImportAsync(Path.Combine(TestPaths.Seeds, "006_qingshanhu-2026-investment-meeting.txt"));
            var planner = host.Services.GetRequiredService<DigestPlanner>();
            var plan = await planner.PlanAsync(DigestFrequency.Daily, TimeProvider.System.GetUtcNow().AddDays(2));
            Assert.Equal(1, plan.ToSend);
            var digest = Assert.Single(await host.DeliverAsync());
            Assert.Equal("reader@example.com", Assert.Single(digest.To.Mailboxes).Address);
            Assert.Contains("青山湖科技城", digest.TextBody, StringComparison.Ordinal);

            // Its unsubscribe link: opening it changes nothing; the button does.
            var unsubscribePath = host.LinkIn(digest, "/unsubscribe/");
            Assert.Contains(unsubscribePath, digest.Headers[MimeKit.HeaderId.ListUnsubscribe], StringComparison.Ordinal);
            await page.GotoAsync(new Uri(host.BaseAddress, unsubscribePath).AbsoluteUri);
            await ShotAsync("5-unsubscribe");
            Assert.Equal(SubscriberStatus.Active, (await host.SubscriberAsync("reader@example.com")).Status);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForSelectorAsync("text=已退订");
            await ShotAsync("6-unsubscribed");
            Assert.Equal(SubscriberStatus.Unsubscribed, (await host.SubscriberAsync("reader@example.com")).Status);
        }
        catch
        {
            Directory.CreateDirectory(ArtifactsDirectory);
            foreach (var (name, png) in shots)
            {
                await File.WriteAllBytesAsync(Path.Combine(ArtifactsDirectory, $"{name}.png"), png);
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, "failure.png"), FullPage = true });
            throw;
        }
    }
}
