using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace InvestChn.Publisher.Web.Admin;

/// <summary>Wires the admin JSON API under <c>/api/admin/</c>: the key check, ProblemDetails errors, the endpoints and their OpenAPI document.</summary>
internal static class AdminApi
{
    public const string Prefix = "/api/admin";

    public const string OpenApiPath = Prefix + "/openapi.json";

    public static IServiceCollection AddAdminApi(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddSingleton<ApiKeyCheck>();
        services.AddSingleton<DeliveryRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryRunner>());
        services.AddProblemDetails();

        // Chinese stays readable in the answers; <, >, & and quotes are still escaped, so a name
        // like <script> never reaches a client as markup, whatever the client does with the JSON.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
        services.AddOpenApi(options =>
        {
            // The document describes the admin API only: the feeds and public pages are not an API.
            options.ShouldInclude = description => description.RelativePath?.StartsWith(Prefix[1..] + "/", StringComparison.OrdinalIgnoreCase) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "InvestCHN publisher admin API";
                document.Info.Description = "Subscribers, digest runs, the outbox and statistics. Every route needs the admin key (Admin:ApiKey) as X-Api-Key: KEY or Authorization: Bearer KEY; errors are RFC 9457 problem details.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
                document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyCheck.HeaderName };
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer" };
                document.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] },
                ];
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapAdminApi(this WebApplication app)
    {
        // Only the admin paths get the key check and problem-details errors; pages and feeds keep their own answers.
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase),
            admin =>
            {
                admin.UseMiddleware<ApiKeyMiddleware>();
                admin.UseExceptionHandler();
                admin.UseStatusCodePages();
            });

        var api = app.MapGroup(Prefix)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapSubscribers();
        api.MapDigests();
        api.MapDeliveries();
        api.MapStats();
        api.MapOpenApi(OpenApiPath[Prefix.Length..]);
        return app;
    }
}
