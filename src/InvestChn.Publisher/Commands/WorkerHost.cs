using InvestChn.Publisher.Web;
using InvestChn.Scheduling;

namespace InvestChn.Publisher.Commands;

/// <summary>The long-running worker: HTTP on <c>Http:Urls</c> plus the schedules, until Ctrl+C or SIGTERM.</summary>
internal static class WorkerHost
{
    public static async Task<int> RunAsync(CommandHost host, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Environment.CurrentDirectory });
        host.Configure(builder, worker: true);
        builder.Services.AddInvestChnScheduling();
        builder.Services.AddSingleton<FeedFiles>();
        var urls = builder.Configuration.GetSection("Http").GetValue<string>("Urls") ?? "http://127.0.0.1:5080";
        builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        await using var app = builder.Build();
        var ready = await CommandHost.PrepareAsync(app.Services, cancellationToken);
        if (ready != ExitCodes.Ok)
        {
            return ready;
        }

        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapFeeds();
        await app.RunAsync();
        return ExitCodes.Ok;
    }
}
