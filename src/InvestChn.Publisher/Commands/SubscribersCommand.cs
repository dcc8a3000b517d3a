using System.CommandLine;
using System.Globalization;
using System.Text;
using InvestChn.Publisher.Output;
using InvestChn.Storage;
using InvestChn.Subscribers;
using InvestChn.Text;

namespace InvestChn.Publisher.Commands;

/// <summary><c>subscribers add|list|remove|import|export</c>: the admin side of subscribers.</summary>
internal static class SubscribersCommand
{
    public static Command Create(CommandHost host)
    {
        var command = new Command("subscribers", "Manage digest subscribers");
        command.Subcommands.Add(CreateAdd(host));
        command.Subcommands.Add(CreateList(host));
        command.Subcommands.Add(CreateRemove(host));
        command.Subcommands.Add(CreateImport(host));
        command.Subcommands.Add(CreateExport(host));
        return command;
    }

    private static Command CreateAdd(CommandHost host)
    {
        var email = new Argument<string>("EMAIL") { Description = "The address" };
        var name = new Option<string>("--name") { Description = "Display name", DefaultValueFactory = _ => string.Empty };
        var frequency = FrequencyOption("daily");
        var channels = new Option<string[]>("--channel") { Description = "A channel slug (repeatable; none: every channel), e.g. policy-local", AllowMultipleArgumentsPerToken = false };
        var keywords = new Option<string[]>("--keyword") { Description = "A keyword that must occur in title or body (repeatable)" };
        var pending = new Option<bool>("--pending") { Description = "Add as pending (waiting for confirmation) instead of active" };
        var command = new Command("add", "Add a subscriber, or update one with that address (an unsubscribed address stays unsubscribed)")
        {
            email, name, frequency, channels, keywords, pending,
        };
        command.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                var input = new SubscriberInput(
                    parse.GetValue(email)!.Trim(),
                    parse.GetValue(name)!.Trim(),
                    Names.ParseFrequency(parse.GetValue(frequency)!),
                    (parse.GetValue(channels) ?? []).SelectMany(c => SubscriberRules.SplitList(c)).Distinct(StringComparer.Ordinal).ToList(),
                    (parse.GetValue(keywords) ?? []).Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList());
                var change = (await services.GetRequiredService<SubscriberDirectory>().SaveAsync([input], parse.GetValue(pending), ct))[0];
                if (change.Saved is not { } saved)
                {
                    await Console.Error.WriteLineAsync($"{input.Email}: {string.Join("; ", change.Problems)}");
                    return ExitCodes.Usage;
                }

                Console.WriteLine($"{Describe(saved.Outcome)} {saved.Subscriber.Email} ({Names.Of(saved.Subscriber.Status)}, {Names.Of(saved.Subscriber.Frequency)})");
                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateList(CommandHost host)
    {
        var status = new Option<string?>("--status") { Description = "Only subscribers with this status: pending, active, unsubscribed, bounced" };
        status.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && !Names.TryParse(result.Tokens[0].Value, out SubscriberStatus? _))
            {
                result.AddError($"--status: '{result.Tokens[0].Value}' is not pending, active, unsubscribed or bounced");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("list", "List subscribers by address") { status, json };
        command.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                SubscriberStatus? wanted = parse.GetValue(status) is { } text ? Names.ParseStatus(text) : null;
                var subscribers = await services.GetRequiredService<ISubscriberStore>().ListAsync(wanted, ct);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(Console.Out, subscribers.Select(SubscriberJson.From));
                    return ExitCodes.Ok;
                }

                if (subscribers.Count == 0)
                {
                    Console.WriteLine("No subscribers (add one with: investchn subscribers add EMAIL).");
                    return ExitCodes.Ok;
                }

                var table = new TextTable("EMAIL", "NAME", "STATUS", "FREQUENCY", "CHANNELS", "KEYWORDS", "SINCE");
                foreach (var s in subscribers)
                {
                    table.Add(
                        s.Email,
                        DisplayWidth.Truncate(s.Name, 16),
                        Names.Of(s.Status),
                        Names.Of(s.Frequency),
                        s.Channels.Count == 0 ? "(all)" : DisplayWidth.Truncate(string.Join(';', s.Channels), 30),
                        DisplayWidth.Truncate(string.Join(';', s.Keywords), 24),
                        s.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }

                table.WriteTo(Console.Out);
                Console.WriteLine($"{subscribers.Count} subscriber(s)");
                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateRemove(CommandHost host)
    {
        var email = new Argument<string>("EMAIL") { Description = "The address" };
        var command = new Command("remove", "Delete a subscriber and their outbox rows (for a subscriber who only wants to stop, their unsubscribe link keeps the record)") { email };
        command.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                var address = parse.GetValue(email)!.Trim();
                if (!await services.GetRequiredService<ISubscriberStore>().RemoveAsync(address, ct))
                {
                    await Console.Error.WriteLineAsync($"No subscriber has the address '{address}' (see: subscribers list).");
                    return ExitCodes.Failed;
                }

                Console.WriteLine($"removed {address}");
                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateImport(CommandHost host)
    {
        var file = new Argument<string>("FILE") { Description = "CSV file with header email,name,frequency,channels,keywords (UTF-8 or GB18030; lists split by ;)" };
        var pending = new Option<bool>("--pending") { Description = "Add new addresses as pending instead of active" };
        var command = new Command("import", "Add or update subscribers from a CSV file; bad rows are reported by line and the rest imported") { file, pending };
        command.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                var path = parse.GetValue(file)!;
                IReadOnlyList<SubscriberCsvRow> rows;
                try
                {
                    rows = SubscriberCsv.Parse(await File.ReadAllBytesAsync(path, ct));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"{path}: cannot read: {e.Message}");
                    return ExitCodes.Usage;
                }
                catch (FormatException e)
                {
                    await Console.Error.WriteLineAsync($"{path}: {e.Message}");
                    return ExitCodes.Usage;
                }

                var good = rows.Where(r => r.Input is not null).ToList();
                var changes = await services.GetRequiredService<SubscriberDirectory>().SaveAsync(good.Select(r => r.Input!).ToList(), parse.GetValue(pending), ct);
                var problems = rows.Where(r => r.Problem is not null).Select(r => (r.Line, r.Problem!)).ToList();
                problems.AddRange(good.Zip(changes).Where(p => p.Second.Saved is null).Select(p => (p.First.Line, string.Join("; ", p.Second.Problems))));
                foreach (var (line, problem) in problems.OrderBy(p => p.Item1))
                {
                    await Console.Error.WriteLineAsync($"{path}:{line.ToString(CultureInfo.InvariantCulture)}: {problem}");
                }

                var saved = changes.Where(c => c.Saved is not null).Select(c => c.Saved!).ToList();
                Console.WriteLine(
                    $"subscribers {path}: added {saved.Count(s => s.Outcome == SubscriberSaveOutcome.Added)}, " +
                    $"updated {saved.Count(s => s.Outcome == SubscriberSaveOutcome.Updated)}, " +
                    $"unchanged {saved.Count(s => s.Outcome == SubscriberSaveOutcome.Unchanged)}, rejected {problems.Count}");
                return problems.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateExport(CommandHost host)
    {
        var status = new Option<string>("--status") { Description = "Which subscribers: active (default), pending, unsubscribed, bounced or all", DefaultValueFactory = _ => "active" };
        status.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && result.Tokens[0].Value != "all" && !Names.TryParse(result.Tokens[0].Value, out SubscriberStatus? _))
            {
                result.AddError($"--status: '{result.Tokens[0].Value}' is not active, pending, unsubscribed, bounced or all");
            }
        });
        var output = new Option<string?>("--out") { Description = "Write to this file (UTF-8) instead of standard output" };
        var command = new Command("export", "Write subscribers as CSV (the format subscribers import reads)") { status, output };
        command.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                var text = parse.GetValue(status)!;
                SubscriberStatus? wanted = text == "all" ? null : Names.ParseStatus(text);
                var csv = SubscriberCsv.Write(await services.GetRequiredService<ISubscriberStore>().ListAsync(wanted, ct));
                if (parse.GetValue(output) is { } path)
                {
                    await File.WriteAllTextAsync(path, csv, new UTF8Encoding(false), ct);
                }
                else
                {
                    await Console.Out.WriteAsync(csv);
                }

                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    internal static Option<string> FrequencyOption(string? defaultValue)
    {
        var option = new Option<string>("--frequency") { Description = "daily or weekly" };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && !Names.TryParse(result.Tokens[0].Value, out DigestFrequency? _))
            {
                result.AddError($"--frequency: '{result.Tokens[0].Value}' is not daily or weekly");
            }
        });
        return option;
    }

    private static string Describe(SubscriberSaveOutcome outcome) => outcome switch
    {
        SubscriberSaveOutcome.Added => "added",
        SubscriberSaveOutcome.Updated => "updated",
        _ => "unchanged",
    };
}
