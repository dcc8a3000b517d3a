using System.CommandLine;
using InvestChn.Feeds;
using InvestChn.Scheduling;

namespace InvestChn.Publisher.Commands;

/// <summary><c>feeds build</c>: write every feed now.</summary>
internal static class FeedsCommand
{
    public static Command Create(CommandHost host)
    {
        var force = new Option<bool>("--force") { Description = "Render every document again, even where nothing changed" };
        var build = new Command("build", "Write all feeds (RSS, Atom, JSON, archives, index.opml) to Feeds:OutputDirectory") { force };
        build.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                await BuildAsync(services, parse.GetValue(force), ct);
                return ExitCodes.Ok;
            },
            cancellationToken));

        var command = new Command("feeds", "Build the RSS/Atom/JSON feeds");
        command.Subcommands.Add(build);
        return command;
    }

    /// <summary>Builds the feeds and prints one summary line.</summary>
    public static async Task BuildAsync(IServiceProvider services, bool force, CancellationToken cancellationToken)
    {
        var builder = services.GetRequiredService<FeedBuilder>();
        var report = await builder.BuildAsync(force, cancellationToken);

        // In a cluster every node serves the feeds from the database: a build anywhere updates them.
        await services.GetRequiredService<ClusterFeeds>().PublishAsync(cancellationToken);
        Console.WriteLine($"feeds {Path.GetRelativePath(Environment.CurrentDirectory, builder.OutputDirectory)}: {report.Summary}");
    }
}
