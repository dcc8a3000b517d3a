using InvestChn.Digests;
using InvestChn.Storage;
using Microsoft.Extensions.Options;

namespace InvestChn.Publisher.Web.Health;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (the store answers and the templates compile).</summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok")).ExcludeFromDescription();
        app.MapGet("/readyz", ReadyAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> ReadyAsync(IStoreProbe store, DigestRenderer renderer, IOptions<TemplatesOptions> templates, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (await store.CheckAsync(cancellationToken) is { } storeProblem)
        {
            problems.Add(storeProblem);
        }

        // Compiled templates are cached, so after the first call this costs a lookup per template.
        var folder = Path.GetFullPath(templates.Value.Directory) + Path.DirectorySeparatorChar;
        problems.AddRange((await renderer.CompileAllAsync()).Select(p => "templates: " + p.Replace(folder, string.Empty, StringComparison.Ordinal)));
        return problems.Count == 0
            ? TypedResults.Text("ready\n")
            : TypedResults.Text("not ready\n" + string.Join('\n', problems) + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
