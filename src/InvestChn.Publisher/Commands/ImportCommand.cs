using System.CommandLine;
using InvestChn.Articles;
using InvestChn.Feeds;
using InvestChn.Publisher.Output;

namespace InvestChn.Publisher.Commands;

/// <summary><c>import PATH...</c>: imports page files and folders and reports what each became.</summary>
internal static class ImportCommand
{
    public static Command Create(CommandHost host)
    {
        var paths = new Argument<string[]>("PATH") { Arity = ArgumentArity.OneOrMore, Description = "Page files (.txt, .html) or folders, read recursively" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every file with its outcome, not only the rejected ones" };
        var json = new Option<bool>("--json") { Description = "Print the outcome of every file as JSON" };
        var command = new Command("import", "Import article pages into the store") { paths, verbose, json };
        command.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                var importer = services.GetRequiredService<ArticleImporter>();
                ImportReport report;
                using (var bar = parse.GetValue(json) ? null : ConsoleProgressBar.ForTerminal("importing"))
                {
                    report = await importer.ImportAsync(parse.GetValue(paths)!, bar, ct);
                }

                var exit = Print(report, parse.GetValue(verbose), parse.GetValue(json));
                if (report.ChangedStore)
                {
                    // Feeds follow the store; a build that finds nothing changed costs one query.
                    var feeds = await services.GetRequiredService<FeedBuilder>().BuildAsync(force: false, ct);
                    if (!parse.GetValue(json))
                    {
                        Console.WriteLine(feeds.Summary);
                    }
                }

                return exit;
            },
            cancellationToken));
        return command;
    }

    /// <summary>Prints one line per rejected page (all pages with verbose), then the summary; returns the exit code.</summary>
    public static int Print(ImportReport report, bool verbose, bool json)
    {
        if (json)
        {
            JsonOutput.Write(Console.Out, new
            {
                report.Added,
                report.Updated,
                report.Unchanged,
                report.Rejected,
                Items = report.Items.Select(i => new { i.Path, Outcome = i.Outcome.ToString().ToLowerInvariant(), i.ArticleId, i.Reason }),
            });
        }
        else
        {
            foreach (var item in report.Items)
            {
                if (item.Outcome == ImportOutcome.Rejected)
                {
                    Console.Error.WriteLine($"rejected {item.Path}: {item.Reason}");
                }
                else if (verbose)
                {
                    Console.WriteLine($"{item.Outcome.ToString().ToLowerInvariant(),-9} {item.Path} -> {item.ArticleId}");
                }
            }

            Console.WriteLine(report.Summary);
        }

        return report.Rejected > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }
}
