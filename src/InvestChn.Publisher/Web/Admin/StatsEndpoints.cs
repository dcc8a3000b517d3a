using InvestChn.Storage;
using InvestChn.Subscribers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InvestChn.Publisher.Web.Admin;

/// <summary><c>GET /api/admin/stats</c>: subscribers by status, deliveries by state over the newest editions.</summary>
internal static class StatsEndpoints
{
    public const int MaxEditions = 100;

    public static void MapStats(this RouteGroupBuilder api)
    {
        api.MapGet("/stats", GetAsync)
            .WithTags("stats")
            .WithSummary("Subscribers per status; outbox rows per status over the newest editions (editions=N, default 10)");
    }

    private static async Task<Results<Ok<AdminStats>, ValidationProblem>> GetAsync(
        ISubscriberQueries subscribers, IDeliveryQueries deliveries, int editions = 10, CancellationToken cancellationToken = default)
    {
        if (editions is < 1 or > MaxEditions)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["editions"] = [$"'{editions}' must be from 1 to {MaxEditions}"] });
        }

        var byStatus = await subscribers.CountByStatusAsync(cancellationToken);
        var byEdition = await deliveries.CountByEditionAsync(editions, cancellationToken);
        var totals = Enum.GetValues<DeliveryStatus>().ToDictionary(DeliveryStatusNames.Of, s => byEdition.Sum(e => e.Counts[s]), StringComparer.Ordinal);
        return TypedResults.Ok(new AdminStats(
            byStatus.ToDictionary(p => Names.Of(p.Key), p => p.Value, StringComparer.Ordinal),
            totals,
            byEdition.Select(e => new EditionStats(
                e.Edition.Id,
                Names.Of(e.Edition.Frequency),
                e.Edition.ScheduledAt,
                e.Edition.PlannedAt,
                e.Counts.ToDictionary(p => DeliveryStatusNames.Of(p.Key), p => p.Value, StringComparer.Ordinal))).ToList()));
    }
}
