using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using InvestChn.Configuration;
using InvestChn.Subscribers;
using InvestChn.Subscriptions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace InvestChn.Publisher.Web.Pages;

/// <summary>
/// The public pages: <c>/subscribe</c> (double opt-in), <c>/confirm/{token}</c>,
/// <c>/unsubscribe/{token}</c> (with RFC 8058 one-click) and <c>/preferences/{token}</c>. A GET
/// never changes anything (mail scanners open every link); every form but the one-click POST
/// carries an antiforgery token; no page redirects anywhere.
/// </summary>
internal static class SubscriberPages
{
    private const string SubscribePolicy = "subscribe";

    /// <summary>No scripts at all, styles only inline, forms only to this site, never in a frame.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly char[] KeywordSeparators = [' ', '\u3000', ',', '，', '、', ';', '；', '|', '\t'];

    /// <summary>The page renderer, antiforgery and the per-client limit on sign-ups.</summary>
    public static IServiceCollection AddSubscriberPages(this IServiceCollection services)
    {
        services.AddSingleton<PageRenderer>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "investchn.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__form";
        });
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SubscribePolicy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<SubscriptionsOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.RateLimitPermits, Window = settings.RateLimitWindow, QueueLimit = 0 });
            });
            o.OnRejected = RejectedAsync;
        });
        return services;
    }

    /// <summary>Maps the pages and puts the rate limiter in the pipeline.</summary>
    public static WebApplication MapSubscriberPages(this WebApplication app)
    {
        app.UseRateLimiter();
        app.MapGet("/subscribe", SubscribeFormAsync);
        app.MapPost("/subscribe", SubscribeAsync).RequireRateLimiting(SubscribePolicy);
        // Catch-alls, so a missing or odd-shaped token gets the same 404 page as a bad one.
        app.MapGet("/confirm/{**token}", ConfirmPageAsync);
        app.MapPost("/confirm/{**token}", ConfirmAsync);
        app.MapGet("/unsubscribe/{**token}", UnsubscribePageAsync);
        app.MapPost("/unsubscribe/{**token}", UnsubscribeAsync);
        app.MapGet("/preferences/{**token}", PreferencesPageAsync);
        app.MapPost("/preferences/{**token}", PreferencesAsync);
        foreach (var bare in (string[])["/confirm", "/unsubscribe", "/preferences"])
        {
            app.MapMethods(bare, ["GET", "POST"], NotFoundAsync);
        }

        return app;
    }

    private static async Task SubscribeFormAsync(HttpContext context, SubscriptionService subscriptions, PageRenderer pages, IAntiforgery antiforgery, IOptions<SiteOptions> site)
    {
        var model = await SubscribeModelAsync(context, subscriptions, antiforgery, site, new SubscriptionFormModel { SiteName = "", Title = "", Action = "/subscribe" }, []);
        await WriteAsync(context, StatusCodes.Status200OK, await pages.RenderAsync(PageRenderer.Subscribe, model));
    }

    private static async Task SubscribeAsync(HttpContext context, SubscriptionService subscriptions, PageRenderer pages, IAntiforgery antiforgery, IOptions<SiteOptions> site, IOptions<SubscriptionsOptions> options)
    {
        if (await ReadFormAsync(context, antiforgery) is not { } form)
        {
            await StaleFormAsync(context, pages, site);
            return;
        }

        var sent = Message(site, "请查收确认邮件", [
            "如果这个地址可以订阅，我们已经给它发送了一封确认邮件。请打开邮件中的链接完成订阅；确认之前不会发送任何资讯。",
            $"没有收到？请检查垃圾邮件文件夹。为避免打扰，同一地址 {Span(options.Value.ConfirmationInterval)}内最多收到一封确认邮件。",
        ]);
        if (!string.IsNullOrEmpty(form[PageModel.HoneypotField]))
        {
            // A bot: it gets the page a person would, and nothing is stored or sent.
            await WriteAsync(context, StatusCodes.Status200OK, await pages.RenderAsync(PageRenderer.Message, sent));
            return;
        }

        var (input, problems) = ReadInput(form, form["email"].ToString().Trim());
        if (problems.Count == 0)
        {
            problems = await subscriptions.SubscribeAsync(input, context.RequestAborted);
        }

        if (problems.Count > 0)
        {
            var again = new SubscriptionFormModel
            {
                SiteName = "", Title = "", Action = "/subscribe", Email = input.Email, Name = input.Name, Frequency = form["frequency"].ToString(),
                Keywords = form["keywords"].ToString(), Selected = input.Channels.ToHashSet(StringComparer.Ordinal), Problems = problems,
            };
            var model = await SubscribeModelAsync(context, subscriptions, antiforgery, site, again, problems);
            await WriteAsync(context, StatusCodes.Status400BadRequest, await pages.RenderAsync(PageRenderer.Subscribe, model));
            return;
        }

        // The same answer for a new, pending or active address: the page tells no one who subscribes.
        await WriteAsync(context, StatusCodes.Status200OK, await pages.RenderAsync(PageRenderer.Message, sent));
    }

    private static async Task ConfirmPageAsync(HttpContext context, string? token, SubscriptionService subscriptions, PageRenderer pages, IAntiforgery antiforgery, IOptions<SiteOptions> site)
    {
        var check = await subscriptions.CheckConfirmationAsync(token ?? "", context.RequestAborted);
        var action = "/confirm/" + token;
        var model = check switch
        {
            { State: ConfirmationState.Unknown } => null,
            { State: ConfirmationState.Expired } => ExpiredPage(context, antiforgery, site, action),
            { Subscriber.Status: SubscriberStatus.Pending } => WithForm(context, antiforgery, Message(site, "确认订阅", [
                $"请点击下面的按钮，确认用 {check.Subscriber.Email} 订阅{Frequency(check.Subscriber.Frequency)}资讯邮件。",
            ], action, "确认订阅")),
            _ => StatusPage(site, check.Subscriber!),
        };
        await WriteMessageAsync(context, pages, site, model);
    }

    private static async Task ConfirmAsync(HttpContext context, string? token, SubscriptionService subscriptions, PageRenderer pages, IAntiforgery antiforgery, IOptions<SiteOptions> site, IOptions<SubscriptionsOptions> options)
    {
        var check = await subscriptions.CheckConfirmationAsync(token ?? "", context.RequestAborted);
        if (check.State == ConfirmationState.Unknown)
        {
            await WriteMessageAsync(context, pages, site, null);
            return;
        }

        if (await ReadFormAsync(context, antiforgery) is not { } form)
        {
            await StaleFormAsync(context, pages, site);
            return;
        }

        if (check is { State: ConfirmationState.Expired, Subscriber: { Status: SubscriberStatus.Pending } pending })
        {
            if (form["resend"].ToString() == "1")
            {
                await subscriptions.ResendConfirmationAsync(pending, context.RequestAborted);
                await WriteMessageAsync(context, pages, site, Message(site, "请查收新的确认邮件", [
                    $"如果这个地址在{Span(options.Value.ConfirmationInterval)}内还没有收到过确认邮件，我们已经给它发送了一封新的。请打开其中的链接完成订阅。",
                ]));
                return;
            }

            await WriteMessageAsync(context, pages, site, ExpiredPage(context, antiforgery, site, "/confirm/" + token));
            return;
        }

        var confirmed = check.State == ConfirmationState.Valid ? await subscriptions.ConfirmAsync(token!, context.RequestAborted) : check;
        await WriteMessageAsync(context, pages, site, StatusPage(site, confirmed.Subscriber ?? check.Subscriber!));
    }

    private static async Task UnsubscribePageAsync(HttpContext context, string? token, SubscriptionService subscriptions, PageRenderer pages, IAntiforgery antiforgery, IOptions<SiteOptions> site)
    {
        if (await subscriptions.FindByLinkAsync(token ?? "", context.RequestAborted) is not { } subscriber)
        {
            await WriteMessageAsync(context, pages, site, null);
            return;
        }

        if (subscriber.Status is not (SubscriberStatus.Active or SubscriberStatus.Pending))
        {
            await WriteMessageAsync(context, pages, site, StatusPage(site, subscriber));
            return;
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        var choices = await subscriptions.ListChannelsAsync(context.RequestAborted);
        var model = new UnsubscribePageModel
        {
            SiteName = site.Value.Name,
            Title = "退订",
            FormFieldName = tokens.FormFieldName,
            FormToken = tokens.RequestToken,
            Action = "/unsubscribe/" + token,
            Email = subscriber.Email,
            Channels = subscriber.Channels.Count > 1 ? subscriber.Channels.Select(c => choices.FirstOrDefault(x => x.Slug == c) ?? new ChannelChoice(c, c)).ToList() : [],
            PreferencesUrl = "/preferences/" + token,
        };
        await WriteAsync(context, StatusCodes.Status200OK, await pages.RenderAsync(PageRenderer.Unsubscribe, model));
    }

    private static async Task UnsubscribeAsync(HttpContext context, string? token, SubscriptionService subscriptions, PageRenderer pages, IAntiforgery antiforgery, IOptions<SiteOptions> site)
    {
        if (await subscriptions.FindByLinkAsync(token ?? "", context.RequestAborted) is not { } subscriber)
        {
            await WriteMessageAsync(context, pages, site, null);
            return;
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        if (form is not null && form["List-Unsubscribe"].ToString() == "One-Click")
        {
            // RFC 8058: the mail provider posts without cookies or a form token; the signed token is the authority. 200, no redirect.
            await subscriptions.UnsubscribeAsync(subscriber, channel: null, context.RequestAborted);
            await WriteMessageAsync(context, pages, site, Message(site, "已退订", [$"{subscriber.Email} 不会再收到我们的资讯邮件。"]));
            return;
        }

        if (form is null || !await antiforgery.IsRequestValidAsync(context))
        {
            await StaleFormAsync(context, pages, site);
            return;
        }

        var scope = form["scope"].ToString();
        var channel = scope.StartsWith("channel:", StringComparison.Ordinal) ? scope["channel:".Length..] : null;
        await subscriptions.UnsubscribeAsync(subscriber, channel, context.RequestAborted);
        var after = await subscriptions.FindByLinkAsync(token!, context.RequestAborted) ?? subscriber;
        await WriteMessageAsync(context, pages, site, after.Status == SubscriberStatus.Unsubscribed
            ? Message(site, "已退订", [$"{after.Email} 不会再收到我们的资讯邮件。如果是误操作，可以随时在订阅页重新订阅。"], links: [new("重新订阅", "/subscribe")])
            : Message(site, "已取消该频道", [$"{after.Email} 不会再收到这个频道的资讯，其余订阅不变。"], links: [new("修改订阅设置", "/preferences/" + token)]));
    }

    private static async Task PreferencesPageAsync(HttpContext context, string? token, SubscriptionService subscriptions, PageRenderer pages, IAntiforgery antiforgery, IOptions<SiteOptions> site)
    {
        if (await subscriptions.FindByLinkAsync(token ?? "", context.RequestAborted) is not { } subscriber)
        {
            await WriteMessageAsync(context, pages, site, null);
            return;
        }

        var model = new SubscriptionFormModel
        {
            SiteName = "", Title = "", Action = "/preferences/" + token, Email = subscriber.Email, Name = subscriber.Name,
            Frequency = Names.Of(subscriber.Frequency), Keywords = string.Join(' ', subscriber.Keywords), Selected = subscriber.Channels.ToHashSet(StringComparer.Ordinal),
            Notice = subscriber.Status == SubscriberStatus.Active ? null : $"这个订阅目前{StatusText(subscriber.Status)}，保存设置不会改变这一点。",
        };
        await WritePreferencesAsync(context, subscriptions, pages, antiforgery, site, model, token!, StatusCodes.Status200OK);
    }

    private static async Task PreferencesAsync(HttpContext context, string? token, SubscriptionService subscriptions, PageRenderer pages, IAntiforgery antiforgery, IOptions<SiteOptions> site)
    {
        if (await subscriptions.FindByLinkAsync(token ?? "", context.RequestAborted) is not { } subscriber)
        {
            await WriteMessageAsync(context, pages, site, null);
            return;
        }

        if (await ReadFormAsync(context, antiforgery) is not { } form)
        {
            await StaleFormAsync(context, pages, site);
            return;
        }

        var (input, problems) = ReadInput(form, subscriber.Email);
        if (problems.Count == 0)
        {
            problems = await subscriptions.UpdatePreferencesAsync(subscriber, input, context.RequestAborted);
        }

        var model = new SubscriptionFormModel
        {
            SiteName = "", Title = "", Action = "/preferences/" + token, Email = subscriber.Email, Name = input.Name, Frequency = form["frequency"].ToString(),
            Keywords = form["keywords"].ToString(), Selected = input.Channels.ToHashSet(StringComparer.Ordinal), Problems = problems,
            Notice = problems.Count == 0 ? "设置已保存，下一期起生效。" : null,
        };
        await WritePreferencesAsync(context, subscriptions, pages, antiforgery, site, model, token!, problems.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static async Task NotFoundAsync(HttpContext context, PageRenderer pages, IOptions<SiteOptions> site) =>
        await WriteMessageAsync(context, pages, site, null);

    private static async Task WritePreferencesAsync(HttpContext context, SubscriptionService subscriptions, PageRenderer pages, IAntiforgery antiforgery, IOptions<SiteOptions> site, SubscriptionFormModel given, string token, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var model = new SubscriptionFormModel
        {
            SiteName = site.Value.Name, Title = "订阅设置", FormFieldName = tokens.FormFieldName, FormToken = tokens.RequestToken,
            Action = given.Action, Email = given.Email, Name = given.Name, Frequency = given.Frequency, Keywords = given.Keywords, Selected = given.Selected,
            Problems = given.Problems, Notice = given.Notice, Channels = await subscriptions.ListChannelsAsync(context.RequestAborted), UnsubscribeUrl = "/unsubscribe/" + token,
        };
        await WriteAsync(context, status, await pages.RenderAsync(PageRenderer.Preferences, model));
    }

    private static async Task<SubscriptionFormModel> SubscribeModelAsync(HttpContext context, SubscriptionService subscriptions, IAntiforgery antiforgery, IOptions<SiteOptions> site, SubscriptionFormModel given, IReadOnlyList<string> problems)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new SubscriptionFormModel
        {
            SiteName = site.Value.Name, Title = "订阅资讯邮件", FormFieldName = tokens.FormFieldName, FormToken = tokens.RequestToken,
            Action = given.Action, Email = given.Email, Name = given.Name, Frequency = given.Frequency, Keywords = given.Keywords, Selected = given.Selected,
            Problems = problems, Channels = await subscriptions.ListChannelsAsync(context.RequestAborted),
        };
    }

    /// <summary>The posted form when its antiforgery token is good; null when it is missing or stale.</summary>
    private static async Task<IFormCollection?> ReadFormAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return null;
        }

        return await context.Request.ReadFormAsync(context.RequestAborted);
    }

    /// <summary>The subscriber fields of a posted form, and what is wrong with their shape (the service checks the rest).</summary>
    private static (SubscriberInput Input, IReadOnlyList<string> Problems) ReadInput(IFormCollection form, string email)
    {
        var problems = new List<string>();
        var frequency = form["frequency"].ToString() switch
        {
            "daily" => DigestFrequency.Daily,
            "weekly" => DigestFrequency.Weekly,
            _ => (DigestFrequency?)null,
        };
        if (frequency is null)
        {
            problems.Add("请选择每日或每周。");
        }

        var channels = form["channel"].Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var keywords = form["keywords"].ToString().Split(KeywordSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        // Names keep what was typed, control characters included, so the rules can refuse a line break rather than have it vanish.
        var name = form["name"].ToString().Trim(' ', '\u3000');
        return (new SubscriberInput(email, name, frequency ?? DigestFrequency.Daily, channels, keywords), problems);
    }

    private static MessagePageModel ExpiredPage(HttpContext context, IAntiforgery antiforgery, IOptions<SiteOptions> site, string action) =>
        WithForm(context, antiforgery, Message(site, "确认链接已过期", [
            "这个确认链接已经过期。需要的话，我们可以给同一地址再发一封确认邮件。",
        ], action, "重新发送确认邮件", new KeyValuePair<string, string>("resend", "1")));

    /// <summary>Where a subscriber stands, for a confirm page opened again or an unsubscribe page of someone already gone.</summary>
    private static MessagePageModel StatusPage(IOptions<SiteOptions> site, Subscriber subscriber) => subscriber.Status switch
    {
        SubscriberStatus.Active => Message(site, "订阅成功", [
            $"{subscriber.Email} 已确认，将收到{Frequency(subscriber.Frequency)}资讯邮件。每封邮件底部都有修改设置和退订的链接。",
        ], links: [new("修改订阅设置", "/preferences/" + subscriber.Token)]),
        SubscriberStatus.Unsubscribed => Message(site, "已退订", [$"{subscriber.Email} 已退订，不会再收到我们的资讯邮件。"], links: [new("重新订阅", "/subscribe")]),
        SubscriberStatus.Bounced => Message(site, "无法投递", ["发往这个地址的邮件被退回，我们已停止发送。"]),
        _ => Message(site, "等待确认", ["请打开确认邮件中的链接完成订阅。"]),
    };

    private static MessagePageModel WithForm(HttpContext context, IAntiforgery antiforgery, MessagePageModel model)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new MessagePageModel
        {
            SiteName = model.SiteName, Title = model.Title, Lines = model.Lines, Action = model.Action, ButtonLabel = model.ButtonLabel,
            Hidden = model.Hidden, Links = model.Links, FormFieldName = tokens.FormFieldName, FormToken = tokens.RequestToken,
        };
    }

    private static MessagePageModel Message(
        IOptions<SiteOptions> site, string title, IReadOnlyList<string> lines, string? action = null, string? button = null,
        KeyValuePair<string, string>? hidden = null, IReadOnlyList<KeyValuePair<string, string>>? links = null) =>
        new() { SiteName = site.Value.Name, Title = title, Lines = lines, Action = action, ButtonLabel = button, Hidden = hidden, Links = links ?? [] };

    /// <summary>A time span as a reader says it: 24 小时, 3 天, 90 分钟.</summary>
    private static string Span(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? string.Create(CultureInfo.InvariantCulture, $" {span.TotalDays} 天")
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? string.Create(CultureInfo.InvariantCulture, $" {span.TotalHours} 小时")
        : string.Create(CultureInfo.InvariantCulture, $" {Math.Ceiling(span.TotalMinutes)} 分钟");

    private static string Frequency(DigestFrequency frequency) => frequency == DigestFrequency.Daily ? "每日" : "每周";

    private static string StatusText(SubscriberStatus status) => status switch
    {
        SubscriberStatus.Pending => "等待确认",
        SubscriberStatus.Unsubscribed => "已退订",
        SubscriberStatus.Bounced => "因退信已停止",
        _ => "有效",
    };

    private static async Task StaleFormAsync(HttpContext context, PageRenderer pages, IOptions<SiteOptions> site) =>
        await WriteAsync(context, StatusCodes.Status400BadRequest, await pages.RenderAsync(PageRenderer.Message, Message(site, "页面已过期", [
            "表单已过期或不完整（浏览器需要允许本站的 Cookie）。请返回上一页，刷新后再提交。",
        ])));

    /// <summary>A message page, or with <paramref name="model"/> null the one 404 page every unknown, bad or tampered token gets.</summary>
    private static async Task WriteMessageAsync(HttpContext context, PageRenderer pages, IOptions<SiteOptions> site, MessagePageModel? model)
    {
        var status = model is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;
        model ??= Message(site, "页面不存在", ["这个链接无效或不完整。请检查邮件中的链接是否完整复制。"], links: [new("订阅资讯邮件", "/subscribe")]);
        await WriteAsync(context, status, await pages.RenderAsync(PageRenderer.Message, model));
    }

    private static async ValueTask RejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var pages = context.RequestServices.GetRequiredService<PageRenderer>();
        var site = context.RequestServices.GetRequiredService<IOptions<SiteOptions>>();
        await WriteAsync(context, StatusCodes.Status429TooManyRequests, await pages.RenderAsync(PageRenderer.Message, Message(site, "请求过于频繁", [
            string.Create(CultureInfo.InvariantCulture, $"这台设备提交得太频繁了，请在 {seconds} 秒后再试。"),
        ])));
    }

    private static async Task WriteAsync(HttpContext context, int status, string html)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        // The path holds the token: no Referer may carry it to another site.
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        var bytes = Encoding.UTF8.GetBytes(html);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
