using System.CommandLine;
using System.Text;

namespace InvestChn.Publisher.Commands;

/// <summary>The <c>investchn</c> command line: sub-commands, plus <c>--Section:Key=value</c> settings anywhere.</summary>
internal static class PublisherCli
{
    public static async Task<int> InvokeAsync(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        var (commandArgs, settingArgs) = PublisherConfiguration.Split(args);
        var root = CreateRoot(new CommandHost(settingArgs));
        var parse = root.Parse(commandArgs);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            await Console.Error.WriteLineAsync("See 'investchn --help'.");
            return ExitCodes.Usage;
        }

        // The worker's host handles SIGTERM/Ctrl+C itself and finishes the work in flight; the
        // parser's own handler would end the process with 143 before that.
        var worker = parse.CommandResult.Command.Name == "run";
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = worker ? null : TimeSpan.FromSeconds(10) });
    }

    public static RootCommand CreateRoot(CommandHost host)
    {
        var root = new RootCommand(
            "InvestCHN publisher: imports the site's article pages, builds feeds and sends digests.\n" +
            "Settings can be given anywhere as --Section:Key=value (e.g. --Storage:ConnectionString=\"Data Source=x.db\").");
        root.Subcommands.Add(RunCommand.Create(host));
        root.Subcommands.Add(ImportCommand.Create(host));
        root.Subcommands.Add(ArticlesCommand.Create(host));
        root.Subcommands.Add(FeedsCommand.Create(host));
        root.Subcommands.Add(SubscribersCommand.Create(host));
        root.Subcommands.Add(DigestCommand.Create(host));
        root.Subcommands.Add(DeliveriesCommand.Create(host));
        return root;
    }
}
