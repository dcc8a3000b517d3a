namespace InvestChn.Publisher.Web.Admin;

/// <summary>
/// Guards every path under <c>/api/admin/</c> before any endpoint runs (so before a request body is
/// read): 404 when the API is off, 401 without the right key. A route added later under the prefix
/// is guarded without being listed anywhere.
/// </summary>
internal sealed partial class ApiKeyMiddleware(RequestDelegate next, ApiKeyCheck check, ILogger<ApiKeyMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-store";
        if (!check.Enabled)
        {
            // Off looks the same as absent: nothing tells a scanner that an admin API exists here.
            await TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found").ExecuteAsync(context);
            return;
        }

        if (!check.Allows(context.Request))
        {
            LogRejected(context.Request.Method, context.Request.Path);
            context.Response.Headers.WWWAuthenticate = ApiKeyCheck.Challenge;
            await TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: $"Send the admin key as {ApiKeyCheck.HeaderName}: KEY or Authorization: Bearer KEY.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin API request without a valid key: {Method} {Path}")]
    private partial void LogRejected(string method, PathString path);
}
