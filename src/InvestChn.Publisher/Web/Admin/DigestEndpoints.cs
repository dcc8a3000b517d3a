using InvestChn.Digests;
using InvestChn.Publisher.Commands;
using InvestChn.Subscribers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InvestChn.Publisher.Web.Admin;

/// <summary><c>POST /api/admin/digests/run</c>: what <c>digest run</c> does, answered once the editions are planned.</summary>
internal static class DigestEndpoints
{
    public static void MapDigests(this RouteGroupBuilder api)
    {
        api.MapPost("/digests/run", RunAsync)
            .WithTags("digests")
            .WithSummary("Plan the edition(s) due at \"at\" (default now), then send everything due in the background")
            .WithDescription(
                "Planning happens before the answer: 202 Accepted lists each edition with the rows it planned (an edition planned before is " +
                "reported as alreadyPlanned and changes nothing). Sending goes on after the answer, through the same outbox and dispatcher as " +
                "the worker's schedule; follow it with GET /api/admin/deliveries/run and GET /api/admin/deliveries. 503 when the templates do not compile.");
    }

    private static async Task<Results<Accepted<DigestRunAccepted>, ValidationProblem, ProblemHttpResult>> RunAsync(
        DigestRunRequest? body,
        DigestPlanner planner,
        DigestRenderer renderer,
        DeliveryRunner runner,
        TimeProvider time,
        IOptions<DigestsOptions> digests,
        CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(digests.Value.TimeZone);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DigestFrequency[] frequencies = [DigestFrequency.Daily, DigestFrequency.Weekly];
        if (body?.Frequency is { } text)
        {
            if (Names.TryParse(text, out DigestFrequency? frequency))
            {
                frequencies = [frequency.Value];
            }
            else
            {
                errors["frequency"] = [$"'{text}' is not daily or weekly"];
            }
        }

        var at = time.GetUtcNow();
        if (body?.At is { } atText && !DigestCommand.TryParseTime(atText, zone, out at))
        {
            errors["at"] = [$"'{atText}' is not a time like 2026-11-28T08:00 or 2026-11-28T08:00+08:00"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Nothing is planned that could not be rendered.
        var problems = await renderer.CompileAllAsync();
        if (problems.Count > 0)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The digest templates do not compile",
                detail: string.Join('\n', problems));
        }

        var planned = new List<PlannedEdition>(frequencies.Length);
        foreach (var frequency in frequencies)
        {
            var plan = await planner.PlanAsync(frequency, at, cancellationToken);
            planned.Add(new PlannedEdition(Names.Of(frequency), plan.Edition?.Id, plan.Edition?.ScheduledAt, plan.ToSend, plan.Skipped, plan.AlreadyPlanned));
        }

        return TypedResults.Accepted("/api/admin/deliveries/run", new DigestRunAccepted(planned, runner.Start()));
    }
}
