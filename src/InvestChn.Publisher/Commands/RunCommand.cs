using System.CommandLine;
using InvestChn.Articles;
using InvestChn.Subscribers;
using Microsoft.Extensions.Options;

namespace InvestChn.Publisher.Commands;

/// <summary><c>run</c>: the worker; <c>run --once</c>: the main job once, then exit.</summary>
internal static class RunCommand
{
    public static Command Create(CommandHost host)
    {
        var once = new Option<bool>("--once") { Description = "Run the main job once (import Import:Directory, build the feeds, plan due digests, deliver) and exit" };
        var command = new Command("run", "Run the worker until stopped, or the main job once with --once") { once };
        command.SetAction((parse, cancellationToken) => parse.GetValue(once)
            ? host.RunAsync(RunOnceAsync, cancellationToken)
            : CommandHost.GuardConfigurationAsync(() => WorkerHost.RunAsync(host, cancellationToken)));
        return command;
    }

    private static async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var directory = services.GetRequiredService<IOptions<ImportOptions>>().Value.Directory;
        if (!Directory.Exists(directory))
        {
            await Console.Error.WriteLineAsync($"Import:Directory: '{directory}' is not a folder (relative paths start at {Environment.CurrentDirectory}).");
            return ExitCodes.Usage;
        }

        var report = await services.GetRequiredService<ArticleImporter>().ImportAsync([directory], progress: null, cancellationToken);
        Console.Write($"import {directory}: ");
        var exit = ImportCommand.Print(report, verbose: false, json: false);
        await FeedsCommand.BuildAsync(services, force: false, cancellationToken);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var delivered = await DigestCommand.RunAsync(services, [DigestFrequency.Daily, DigestFrequency.Weekly], now, cancellationToken);
        return Math.Max(exit, delivered);
    }
}
