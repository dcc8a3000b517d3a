using System.CommandLine;
using System.Globalization;
using InvestChn.Delivery;
using InvestChn.Delivery.Pickup;
using InvestChn.Digests;
using InvestChn.Publisher.Output;
using InvestChn.Publisher.Web.Pages;
using InvestChn.Storage;
using InvestChn.Subscribers;
using InvestChn.Subscriptions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace InvestChn.Publisher.Commands;

/// <summary><c>digest run</c> and <c>digest preview</c>.</summary>
internal static class DigestCommand
{
    public static Command Create(CommandHost host)
    {
        var command = new Command("digest", "Plan, send and preview digest emails");
        command.Subcommands.Add(CreateRun(host));
        command.Subcommands.Add(CreatePreview(host));
        return command;
    }

    private static Command CreateRun(CommandHost host)
    {
        var frequency = SubscribersCommand.FrequencyOption(null);
        frequency.Description = "Only this edition: daily or weekly (default: both)";
        var at = new Option<string?>("--at") { Description = "Plan the edition due at this time (ISO 8601; without an offset it is read in Digests:TimeZone); default now" };
        var command = new Command("run", "Plan the edition due at --at (default now), then send everything due in the outbox") { frequency, at };
        command.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
                DateTimeOffset when = now;
                if (parse.GetValue(at) is { } text && !TryParseTime(text, Zone(services), out when))
                {
                    await Console.Error.WriteLineAsync($"--at: '{text}' is not a time like 2026-11-28T08:00 or 2026-11-28T08:00+08:00");
                    return ExitCodes.Usage;
                }

                DigestFrequency[] frequencies = parse.GetValue(frequency) is { } f ? [Names.ParseFrequency(f)] : [DigestFrequency.Daily, DigestFrequency.Weekly];
                return await RunAsync(services, frequencies, when, ct);
            },
            cancellationToken));
        return command;
    }

    private static Command CreatePreview(CommandHost host)
    {
        var email = new Option<string>("--email") { Description = "The subscriber's address", Required = true };
        var output = new Option<string?>("--out") { Description = "Write to FILE: .html (the HTML part) or .eml (the whole message); default: the plain-text part on standard output" };
        output.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && Path.GetExtension(result.Tokens[0].Value).ToLowerInvariant() is not (".html" or ".htm" or ".eml"))
            {
                result.AddError($"--out: '{result.Tokens[0].Value}' must end in .html or .eml");
            }
        });
        var command = new Command("preview", "Render one subscriber's next digest as it stands now; records nothing") { email, output };
        command.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                if (await RequireTemplatesAsync(services) is { } failed)
                {
                    return failed;
                }

                var address = parse.GetValue(email)!.Trim();
                if (await services.GetRequiredService<DigestPreview>().RenderAsync(address, ct) is not var (subscriber, model, message, selection))
                {
                    await Console.Error.WriteLineAsync($"No subscriber has the address '{address}' (see: subscribers list).");
                    return ExitCodes.Failed;
                }

                if (subscriber.Status != SubscriberStatus.Active)
                {
                    await Console.Error.WriteLineAsync($"Note: {address} is {Names.Of(subscriber.Status)} and receives no digests until active.");
                }

                if (model.Articles.Count == 0)
                {
                    await Console.Error.WriteLineAsync($"Note: nothing new for {address} since their last digest: the next edition would send them no email.");
                }

                // Why each article is in: the keyword it matched (on segmented terms), and whether it is an update.
                if (subscriber.Keywords.Count > 0 || selection.UpdatedSequences.Count > 0)
                {
                    foreach (var (article, number) in selection.Articles.Select((a, i) => (a, i + 1)))
                    {
                        var keyword = selection.MatchedKeywords.TryGetValue(article.Sequence, out var k) ? $"keyword {k}" : "no keyword";
                        var mark = selection.UpdatedSequences.Contains(article.Sequence) ? " (更新)" : string.Empty;
                        await Console.Error.WriteLineAsync($"{number,3}. {article.Title}{mark}: {keyword}");
                    }
                }

                var path = parse.GetValue(output);
                if (path is null)
                {
                    await Console.Out.WriteAsync(message.TextBody ?? string.Empty);
                }
                else if (Path.GetExtension(path).Equals(".eml", StringComparison.OrdinalIgnoreCase))
                {
                    await using var stream = File.Create(path);
                    await message.WriteToAsync(stream, ct);
                    Console.WriteLine($"wrote {path}: {message.Subject}");
                }
                else
                {
                    await File.WriteAllTextAsync(path, message.HtmlBody, ct);
                    Console.WriteLine($"wrote {path}: {message.Subject}");
                }

                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    /// <summary>Plans the editions of <paramref name="frequencies"/> due at <paramref name="at"/>, drains the outbox, prints a summary.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<DigestFrequency> frequencies, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await RequireTemplatesAsync(services) is { } failed)
        {
            return failed;
        }

        var planner = services.GetRequiredService<DigestPlanner>();
        var zone = Zone(services);
        foreach (var frequency in frequencies)
        {
            var plan = await planner.PlanAsync(frequency, at, cancellationToken);
            var name = Names.Of(frequency);
            Console.WriteLine(plan switch
            {
                { Edition: null } => $"digest {name}: no edition is scheduled before {Local(at, zone)}",
                { AlreadyPlanned: true } => $"digest {name} {Local(plan.Edition.ScheduledAt, zone)}: planned before",
                _ => $"digest {name} {Local(plan.Edition.ScheduledAt, zone)}: planned {plan.ToSend} to send, {plan.Skipped} with nothing new",
            });
        }

        return await DeliverAsync(services, cancellationToken);
    }

    /// <summary>Drains the outbox with a progress bar on a terminal and prints the summary; exit 1 when anything failed or was deferred.</summary>
    public static async Task<int> DeliverAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var transport = services.GetRequiredService<IMailTransport>();
        DispatchReport report;
        using (var bar = ConsoleProgressBar.ForTerminal("deliver"))
        {
            report = await services.GetRequiredService<OutboxDispatcher>().DrainAsync(bar, cancellationToken);
        }

        Console.WriteLine(
            $"deliver to {Shorten(transport.Destination)}: sent {report.Sent}, deferred {report.Deferred}, failed {report.Failed}, skipped {report.Skipped}" +
            (report.Released > 0 ? $", not tried {report.Released}" : string.Empty));
        if (report.StopReason is not null)
        {
            await Console.Error.WriteLineAsync($"Delivery stopped: {report.StopReason}. Untried messages stay in the outbox (see: deliveries list).");
        }

        var (leased, until) = await services.GetRequiredService<IDigestStore>().CountLeasedAsync(cancellationToken);
        if (leased > 0)
        {
            await Console.Error.WriteLineAsync(
                $"{leased} message(s) are held by another sender (or one that stopped) until {Local(until!.Value, Zone(services))}; they are sent then by whichever run comes next.");
        }

        return report.Clean ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Compiles the templates; on failure prints every problem (file:line: message) and returns exit code 2.</summary>
    public static async Task<int?> RequireTemplatesAsync(IServiceProvider services)
    {
        // The confirmation email goes through the same outbox, and the worker's pages are templates
        // too. Each set has its own engine, so they compile side by side: start-up waits for the longest.
        var sets = await Task.WhenAll(
            Task.Run(() => services.GetRequiredService<DigestRenderer>().CompileAllAsync()),
            Task.Run(() => services.GetRequiredService<ConfirmationComposer>().CompileAllAsync()),
            Task.Run(() => services.GetService<PageRenderer>() is { } pages ? pages.CompileAllAsync() : Task.FromResult<IReadOnlyList<string>>([])));
        var problems = sets.SelectMany(set => set).ToList();
        if (problems.Count > 0)
        {
            await Console.Error.WriteLineAsync("The templates do not compile:");
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync("  " + problem);
            }

            return ExitCodes.Usage;
        }

        if (!services.GetRequiredService<DigestComposer>().UnsubscribeIsHttps)
        {
            var url = services.GetRequiredService<IOptions<Configuration.SiteOptions>>().Value.PublicUrl;
            await Console.Error.WriteLineAsync($"Warning: Site:PublicUrl '{url}' is not https: mail providers ignore one-click unsubscribe (RFC 8058) on plain http links.");
        }

        return null;
    }

    internal static TimeZoneInfo Zone(IServiceProvider services) =>
        TimeZoneInfo.FindSystemTimeZoneById(services.GetRequiredService<IOptions<DigestsOptions>>().Value.TimeZone);

    internal static string Local(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private static string Shorten(string destination) =>
        destination.StartsWith("pickup folder ", StringComparison.Ordinal)
            ? "pickup folder " + Path.GetRelativePath(Environment.CurrentDirectory, destination["pickup folder ".Length..])
            : destination;

    internal static bool TryParseTime(string text, TimeZoneInfo zone, out DateTimeOffset time)
    {
        var styles = DateTimeStyles.AllowWhiteSpaces;
        var hasOffset = text.EndsWith('Z') || System.Text.RegularExpressions.Regex.IsMatch(text, @"[+-]\d{2}:?\d{2}$");
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out time))
        {
            return true;
        }

        if (!hasOffset && DateTime.TryParse(text, CultureInfo.InvariantCulture, styles, out var local))
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            time = new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
            return true;
        }

        time = default;
        return false;
    }
}
