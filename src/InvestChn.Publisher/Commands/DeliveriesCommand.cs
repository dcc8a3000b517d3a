using System.CommandLine;
using InvestChn.Publisher.Output;
using InvestChn.Storage;
using InvestChn.Subscribers;
using InvestChn.Text;

namespace InvestChn.Publisher.Commands;

/// <summary><c>deliveries list</c> and <c>deliveries retry</c>: the outbox.</summary>
internal static class DeliveriesCommand
{
    public static Command Create(CommandHost host)
    {
        var command = new Command("deliveries", "Look at the outbox and retry what did not go out");
        command.Subcommands.Add(CreateList(host));
        command.Subcommands.Add(CreateRetry(host));
        return command;
    }

    private static Command CreateList(CommandHost host)
    {
        var status = new Option<string?>("--status") { Description = "Only rows with this status: pending, sending, sent, deferred, failed, skipped" };
        status.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && !DeliveryStatusNames.TryParse(result.Tokens[0].Value, out _))
            {
                result.AddError($"--status: '{result.Tokens[0].Value}' is not pending, sending, sent, deferred, failed or skipped");
            }
        });
        var limit = new Option<int>("--limit") { Description = "At most this many rows, newest edition first (0: all)", DefaultValueFactory = _ => 200 };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("list", "List outbox rows per subscriber and edition, with the reason for anything not sent") { status, limit, json };
        command.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                DeliveryStatus? wanted = DeliveryStatusNames.TryParse(parse.GetValue(status), out var s) ? s : null;
                var store = services.GetRequiredService<IDigestStore>();
                var rows = await store.ListDeliveriesAsync(wanted, Math.Max(0, parse.GetValue(limit)), ct);
                var zone = DigestCommand.Zone(services);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(Console.Out, rows.Select(r => new
                    {
                        r.Id,
                        Edition = Names.Of(r.Frequency),
                        r.ScheduledAt,
                        r.SubscriberId,
                        r.Email,
                        Status = DeliveryStatusNames.Of(r.Status),
                        Outcome = Outcome(r),
                        r.ArticleCount,
                        r.Attempts,
                        NextAttemptAt = r.Status == DeliveryStatus.Deferred ? r.NextAttemptAt : (DateTimeOffset?)null,
                        r.Reason,
                        r.LastReply,
                        r.MessageId,
                        r.SentAt,
                    }));
                    return ExitCodes.Ok;
                }

                var counts = await store.CountDeliveriesAsync(ct);
                if (rows.Count == 0)
                {
                    Console.WriteLine("No deliveries" + (wanted is null ? " (plan some with: investchn digest run)." : " with that status."));
                    return ExitCodes.Ok;
                }

                var table = new TextTable("EDITION", "EMAIL", "OUTCOME", "ARTICLES", "TRIES", "REASON / LAST REPLY");
                foreach (var r in rows)
                {
                    table.Add(
                        $"{Names.Of(r.Frequency)} {DigestCommand.Local(r.ScheduledAt, zone)[..16]}",
                        r.Email,
                        Outcome(r),
                        r.ArticleCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        r.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        DisplayWidth.Truncate(Detail(r, zone), 70));
                }

                table.WriteTo(Console.Out);
                Console.WriteLine(string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{DeliveryStatusNames.Of(c.Key)} {c.Value}")));
                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateRetry(CommandHost host)
    {
        var failed = new Option<bool>("--failed") { Description = "Also retry failed rows (with a fresh attempt budget); bounced or unsubscribed recipients are still skipped" };
        var command = new Command("retry", "Make deferred rows (and with --failed, failed ones) due now, then deliver") { failed };
        command.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                if (await DigestCommand.RequireTemplatesAsync(services) is { } broken)
                {
                    return broken;
                }

                var due = await services.GetRequiredService<IDigestStore>().MakeDueAsync(parse.GetValue(failed), ct);
                Console.WriteLine($"retry: {due} row(s) due now");
                return await DigestCommand.DeliverAsync(services, ct);
            },
            cancellationToken));
        return command;
    }

    /// <summary>The row's outcome in the words of the admin's question: sent, skipped-no-articles, deferred, failed...</summary>
    internal static string Outcome(DeliveryRecord r) =>
        r.Status == DeliveryStatus.Skipped && r.Reason?.StartsWith("no-articles", StringComparison.Ordinal) == true
            ? "skipped-no-articles"
            : DeliveryStatusNames.Of(r.Status);

    private static string Detail(DeliveryRecord r, TimeZoneInfo zone) => r.Status switch
    {
        DeliveryStatus.Deferred => $"next try {DigestCommand.Local(r.NextAttemptAt, zone)[..16]}: {r.LastReply}",
        DeliveryStatus.Skipped => r.Reason ?? string.Empty,
        DeliveryStatus.Pending when r.Reason is not null => r.Reason,
        _ => r.LastReply ?? string.Empty,
    };
}
