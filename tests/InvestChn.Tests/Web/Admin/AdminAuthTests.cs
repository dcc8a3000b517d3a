using System.Net;
using System.Text.RegularExpressions;
using InvestChn.Publisher.Web.Admin;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InvestChn.Tests.Web.Admin;

/// <summary>The key check on every admin route, found through the endpoint data source so a route added later is checked too.</summary>
public sealed partial class AdminAuthTests
{
    /// <summary>Every admin route this build maps today; the enumeration must find at least these.</summary>
    private const int KnownRoutes = 12;

    [Fact]
    public async Task EveryAdminRoute_WithoutOrWithAWrongKey_Answers401Problem()
    {
        await using var host = await AdminHost.StartAsync();
        var routes = AdminRoutes(host);
        Assert.True(routes.Count >= KnownRoutes, $"found {routes.Count} admin routes: {string.Join(", ", routes)}");

        var wrongKeys = new (string Header, string? Value)[]
        {
            ("none", null),
            ("X-Api-Key", "wrong"),
            ("X-Api-Key", AdminHost.Key[..^1] + "x"),
            ("X-Api-Key", AdminHost.Key + "x"),
            ("Authorization", "Bearer " + AdminHost.Key[..^1]),
            ("Authorization", "Basic " + AdminHost.Key),
            ("Authorization", AdminHost.Key),
        };
        foreach (var (method, path) in routes)
        {
            foreach (var (header, value) in wrongKeys)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method is "POST" or "PATCH" or "PUT" ? new StringContent("{}") : null };
                if (value is not null)
                {
                    request.Headers.TryAddWithoutValidation(header, value);
                }

                using var response = await host.Http.SendAsync(request);

                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with {header} {value}: {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task EveryAdminRoute_NoKeyConfigured_Answers404EvenWithAKey()
    {
        await using var host = await AdminHost.StartAsync(apiKey: null);
        var routes = AdminRoutes(host);
        Assert.True(routes.Count >= KnownRoutes, $"found {routes.Count} admin routes");
        Assert.False(host.Get<IOptions<AdminOptions>>().Value.Enabled);

        foreach (var (method, path) in routes)
        {
            foreach (var key in new[] { null, AdminHost.Key, string.Empty })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (key is not null)
                {
                    request.Headers.TryAddWithoutValidation("X-Api-Key", key);
                    request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
                }

                using var response = await host.Http.SendAsync(request);

                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
            }
        }
    }

    [Theory]
    [InlineData("X-Api-Key", AdminHost.Key)]
    [InlineData("Authorization", "Bearer " + AdminHost.Key)]
    [InlineData("Authorization", "bearer " + AdminHost.Key)]
    public async Task Stats_WithTheKeyInEitherHeader_Answers200(string header, string value)
    {
        await using var host = await AdminHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/stats");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/API/ADMIN/stats")]
    [InlineData("/api/admin/")]
    [InlineData("/api/admin/no-such-route")]
    public async Task PathsUnderThePrefix_AnyCaseOrUnknown_Answer401WithoutTheKey(string path)
    {
        await using var host = await AdminHost.StartAsync();

        using var response = await host.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void ApiKeyCheck_ComparesWholeKeys()
    {
        var check = new ApiKeyCheck(Options.Create(new AdminOptions { ApiKey = AdminHost.Key }));
        var off = new ApiKeyCheck(Options.Create(new AdminOptions { ApiKey = "" }));

        Assert.True(check.Matches(AdminHost.Key));
        Assert.False(check.Matches(AdminHost.Key[..^1]));
        Assert.False(check.Matches(AdminHost.Key + " "));
        Assert.False(check.Matches(AdminHost.Key.ToUpperInvariant()));
        Assert.False(check.Matches(string.Empty));
        Assert.False(check.Matches(null));
        Assert.False(off.Enabled);
        Assert.False(off.Matches(string.Empty));
    }

    [Theory]
    [InlineData("short", "has 5 characters")]
    [InlineData("a key with spaces in it", "printable ASCII")]
    public void AdminOptionsValidator_BadKey_NamesTheKeyButNotItsValue(string key, string expected)
    {
        var result = new AdminOptionsValidator().Validate(null, new AdminOptions { ApiKey = key });

        Assert.True(result.Failed);
        var message = Assert.Single(result.Failures!);
        Assert.StartsWith("Admin:ApiKey:", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, message, StringComparison.Ordinal);
    }

    /// <summary>(method, path) of every endpoint under /api/admin, with each route parameter filled in.</summary>
    internal static List<(string Method, string Path)> AdminRoutes(AdminHost host) =>
        host.Get<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/admin", StringComparison.OrdinalIgnoreCase) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (method, "/" + RouteParameter().Replace(e.RoutePattern.RawText!.TrimStart('/'), "1"))))
            .ToList();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
