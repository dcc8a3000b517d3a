using InvestChn.Publisher.Output;
using InvestChn.Storage;
using InvestChn.Subscribers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InvestChn.Publisher.Web.Admin;

/// <summary><c>/api/admin/subscribers</c>: list, get, create, update, delete, CSV import; the same checks as the CLI.</summary>
internal static class SubscriberEndpoints
{
    /// <summary>The largest page a list answers with.</summary>
    public const int MaxLimit = 500;

    /// <summary>The largest CSV file an import reads.</summary>
    public const int MaxCsvBytes = 10 * 1024 * 1024;

    public static void MapSubscribers(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/subscribers").WithTags("subscribers");
        group.MapGet("/", ListAsync).WithSummary("List subscribers in address order, a page at a time, with filters");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One subscriber");
        group.MapPost("/", CreateAsync).WithSummary("Add a subscriber (active, or pending with \"pending\": true)");
        group.MapPatch("/{id:long}", UpdateAsync).WithSummary("Change a subscriber's name, frequency, channels, keywords or status; fields left out stay");
        group.MapDelete("/{id:long}", DeleteAsync).WithSummary("Delete a subscriber and their outbox rows");
        group.MapPost("/import", ImportAsync)
            .Accepts<string>("text/csv")
            .WithSummary("Add or update subscribers from CSV (header email,name,frequency,channels,keywords; UTF-8 or GB18030); bad rows are listed by line, the rest imported");
    }

    private static async Task<Results<Ok<PageOf<SubscriberJson>>, ValidationProblem>> ListAsync(
        ISubscriberQueries queries,
        string? status = null,
        string? frequency = null,
        string? channel = null,
        string? q = null,
        int offset = 0,
        int limit = 50,
        CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        SubscriberStatus? wantedStatus = null;
        if (status is not null && !Names.TryParse(status, out wantedStatus))
        {
            errors["status"] = [$"'{status}' is not pending, active, unsubscribed or bounced"];
        }

        DigestFrequency? wantedFrequency = null;
        if (frequency is not null && !Names.TryParse(frequency, out wantedFrequency))
        {
            errors["frequency"] = [$"'{frequency}' is not daily or weekly"];
        }

        AddPagingErrors(errors, offset, limit);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await queries.ListAsync(new SubscriberQuery(wantedStatus, wantedFrequency, channel?.Trim(), q?.Trim(), offset, limit), cancellationToken);
        return TypedResults.Ok(new PageOf<SubscriberJson>(page.Items.Select(SubscriberJson.From).ToList(), page.Total, offset, limit));
    }

    private static async Task<Results<Ok<SubscriberJson>, ProblemHttpResult>> GetAsync(long id, ISubscriberQueries queries, CancellationToken cancellationToken) =>
        await queries.GetAsync(id, cancellationToken) is { } subscriber ? TypedResults.Ok(SubscriberJson.From(subscriber)) : NoSuchSubscriber(id);

    private static async Task<Results<Created<SubscriberJson>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        SubscriberCreateRequest body, ISubscriberStore store, SubscriberDirectory directory, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DigestFrequency? frequency = DigestFrequency.Daily;
        if (body.Frequency is not null && !Names.TryParse(body.Frequency, out frequency))
        {
            errors["frequency"] = [$"'{body.Frequency}' is not daily or weekly"];
        }

        var email = body.Email?.Trim() ?? string.Empty;
        if (errors.Count == 0 && email.Length > 0 && SubscriberRules.CheckEmail(email) is null && await store.FindAsync(email, cancellationToken) is { } existing)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Conflict",
                detail: $"subscriber {existing.Id} already has this address; change them with PATCH /api/admin/subscribers/{existing.Id}");
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var input = new SubscriberInput(email, body.Name?.Trim() ?? string.Empty, frequency!.Value, Clean(body.Channels), Clean(body.Keywords));
        var change = (await directory.SaveAsync([input], body.Pending == true, cancellationToken))[0];
        if (change.Saved is not { } saved)
        {
            return TypedResults.ValidationProblem(ProblemsByField(change.Problems));
        }

        return TypedResults.Created($"/api/admin/subscribers/{saved.Subscriber.Id}", SubscriberJson.From(saved.Subscriber));
    }

    private static async Task<Results<Ok<SubscriberJson>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, SubscriberUpdateRequest body, ISubscriberQueries queries, SubscriberDirectory directory, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(id, cancellationToken) is not { } current)
        {
            return NoSuchSubscriber(id);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DigestFrequency? frequency = current.Frequency;
        if (body.Frequency is not null && !Names.TryParse(body.Frequency, out frequency))
        {
            errors["frequency"] = [$"'{body.Frequency}' is not daily or weekly"];
        }

        SubscriberStatus? status = null;
        if (body.Status is not null && (!Names.TryParse(body.Status, out status) || status is not (SubscriberStatus.Active or SubscriberStatus.Unsubscribed)))
        {
            errors["status"] = [$"'{body.Status}' is not active or unsubscribed"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (status == SubscriberStatus.Active && current.Status is not (SubscriberStatus.Pending or SubscriberStatus.Active))
        {
            // They said no (or their mailbox did): only they can say yes again, through a new sign-up.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Conflict",
                detail: $"subscriber {id} is {Names.Of(current.Status)} and is not re-activated by an admin");
        }

        var input = new SubscriberInput(
            current.Email,
            body.Name?.Trim() ?? current.Name,
            frequency!.Value,
            body.Channels is null ? current.Channels : Clean(body.Channels),
            body.Keywords is null ? current.Keywords : Clean(body.Keywords));
        var change = (await directory.SaveAsync([input], pending: status != SubscriberStatus.Active, cancellationToken))[0];
        if (change.Saved is null)
        {
            return TypedResults.ValidationProblem(ProblemsByField(change.Problems));
        }

        if (status == SubscriberStatus.Unsubscribed)
        {
            await queries.UnsubscribeAsync(id, cancellationToken);
        }

        return await queries.GetAsync(id, cancellationToken) is { } updated ? TypedResults.Ok(SubscriberJson.From(updated)) : NoSuchSubscriber(id);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, ISubscriberQueries queries, ISubscriberStore store, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(id, cancellationToken) is not { } subscriber || !await store.RemoveAsync(subscriber.Email, cancellationToken))
        {
            return NoSuchSubscriber(id);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ImportSummary>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, SubscriberDirectory directory, bool pending = false, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxCsvBytes)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload Too Large", detail: $"the CSV file is larger than {MaxCsvBytes / (1024 * 1024)} MiB; split it");
            }

            buffer.Write(chunk, 0, read);
        }

        IReadOnlyList<SubscriberCsvRow> rows;
        try
        {
            rows = SubscriberCsv.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (FormatException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The CSV file cannot be read", detail: e.Message);
        }

        var good = rows.Where(r => r.Input is not null).ToList();
        var changes = await directory.SaveAsync(good.Select(r => r.Input!).ToList(), pending, cancellationToken);
        var problems = rows.Where(r => r.Problem is not null).Select(r => new ImportProblem(r.Line, r.Problem!))
            .Concat(good.Zip(changes).Where(p => p.Second.Saved is null).Select(p => new ImportProblem(p.First.Line, string.Join("; ", p.Second.Problems))))
            .OrderBy(p => p.Line)
            .ToList();
        var saved = changes.Where(c => c.Saved is not null).Select(c => c.Saved!).ToList();
        return TypedResults.Ok(new ImportSummary(
            saved.Count(s => s.Outcome == SubscriberSaveOutcome.Added),
            saved.Count(s => s.Outcome == SubscriberSaveOutcome.Updated),
            saved.Count(s => s.Outcome == SubscriberSaveOutcome.Unchanged),
            problems.Count,
            problems));
    }

    /// <summary>Adds the errors of an <c>offset</c> and a <c>limit</c> query parameter.</summary>
    public static void AddPagingErrors(Dictionary<string, string[]> errors, int offset, int limit)
    {
        if (offset < 0)
        {
            errors["offset"] = [$"'{offset}' must be 0 or more"];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"'{limit}' must be from 1 to {MaxLimit}"];
        }
    }

    private static ProblemHttpResult NoSuchSubscriber(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"no subscriber has the id {id}");

    private static List<string> Clean(IReadOnlyList<string>? items) =>
        items is null ? [] : items.Select(i => i?.Trim() ?? string.Empty).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The rules' sentences start with the field they are about ("email is empty", "channel 'x' is ..."): group them by it.</summary>
    private static Dictionary<string, string[]> ProblemsByField(IReadOnlyList<string> problems) =>
        problems.GroupBy(p => p.Split(' ', 2)[0] switch
            {
                "email" => "email",
                "name" => "name",
                "channel" => "channels",
                "keyword" or "more" => "keywords",
                _ => "subscriber",
            }, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
}
