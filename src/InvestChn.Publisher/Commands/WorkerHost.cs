using InvestChn.Publisher.Web;
using InvestChn.Publisher.Web.Admin;
using InvestChn.Publisher.Web.Health;
using InvestChn.Publisher.Web.Pages;
using InvestChn.Scheduling;

namespace InvestChn.Publisher.Commands;

/// <summary>The long-running worker: HTTP on <c>Http:Urls</c> plus the schedules, until Ctrl+C or SIGTERM.</summary>
internal static class WorkerHost
{
    public static async Task<int> RunAsync(CommandHost host, CancellationToken cancellationToken)
    {
        await using var app = Build(host);
        var ready = await CommandHost.PrepareAsync(app.Services, cancellationToken);
        if (ready != ExitCodes.Ok)
        {
            return ready;
        }

        // A template that does not compile stops the worker before anything is scheduled or sent.
        if (await DigestCommand.RequireTemplatesAsync(app.Services) is { } broken)
        {
            return broken;
        }

        await app.RunAsync();
        return ExitCodes.Ok;
    }

    /// <summary>The worker's web application, configured and mapped but not started.</summary>
    public static WebApplication Build(CommandHost host)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Environment.CurrentDirectory });
        host.Configure(builder, worker: true);
        builder.Services.AddInvestChnScheduling(builder.Configuration);

        // Under systemd (Type=notify) the unit is "started" once the host is, and stopping waits
        // for the graceful shutdown; elsewhere this does nothing.
        builder.Services.AddSystemd();
        builder.Services.AddSingleton<FeedFiles>();
        builder.Services.AddAdminApi();
        builder.Services.AddSubscriberPages();
        var urls = builder.Configuration.GetSection(HttpOptions.SectionName).Get<HttpOptions>() ?? new HttpOptions();
        builder.WebHost.UseUrls([.. urls.UrlList]);

        var app = builder.Build();
        app.MapHealth();
        app.MapAdminApi();
        app.MapFeeds();
        app.MapSubscriberPages();
        return app;
    }
}
