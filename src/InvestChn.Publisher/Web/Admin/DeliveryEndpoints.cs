using InvestChn.Storage;
using InvestChn.Subscribers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InvestChn.Publisher.Web.Admin;

/// <summary><c>/api/admin/deliveries</c>: the outbox, retrying what did not go out, and the state of the background send.</summary>
internal static class DeliveryEndpoints
{
    public static void MapDeliveries(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/deliveries").WithTags("deliveries");
        group.MapGet("/", ListAsync).WithSummary("Outbox rows, newest edition first, a page at a time, with filters");
        group.MapPost("/retry", RetryAsync)
            .WithSummary("Make deferred rows (and with failed=true, failed ones, with a fresh attempt budget) due now, then send in the background")
            .WithDescription("202 Accepted once the rows are due again; the sending goes on after the answer (see GET /api/admin/deliveries/run). Bounced or unsubscribed recipients are still skipped.");
        group.MapGet("/run", (DeliveryRunner runner) => TypedResults.Ok(runner.State))
            .WithSummary("Whether a send started from this API is running, and what the last one did");
    }

    private static async Task<Results<Ok<PageOf<AdminDelivery>>, ValidationProblem>> ListAsync(
        IDeliveryQueries queries,
        string? status = null,
        string? frequency = null,
        long? edition = null,
        string? email = null,
        int offset = 0,
        int limit = 50,
        CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DeliveryStatus? wantedStatus = null;
        if (status is not null && !DeliveryStatusNames.TryParse(status, out wantedStatus))
        {
            errors["status"] = [$"'{status}' is not pending, sending, sent, deferred, failed or skipped"];
        }

        DigestFrequency? wantedFrequency = null;
        if (frequency is not null && !Names.TryParse(frequency, out wantedFrequency))
        {
            errors["frequency"] = [$"'{frequency}' is not daily or weekly"];
        }

        SubscriberEndpoints.AddPagingErrors(errors, offset, limit);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await queries.ListAsync(new DeliveryQuery(wantedStatus, wantedFrequency, edition, email, offset, limit), cancellationToken);
        return TypedResults.Ok(new PageOf<AdminDelivery>(page.Items.Select(AdminDelivery.From).ToList(), page.Total, offset, limit));
    }

    private static async Task<Accepted<RetryAccepted>> RetryAsync(IDigestStore store, DeliveryRunner runner, bool failed = false, CancellationToken cancellationToken = default)
    {
        var due = await store.MakeDueAsync(failed, cancellationToken);
        return TypedResults.Accepted("/api/admin/deliveries/run", new RetryAccepted(due, runner.Start()));
    }
}
