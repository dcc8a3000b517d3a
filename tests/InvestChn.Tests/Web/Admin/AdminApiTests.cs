using System.Net;
using System.Text;
using System.Text.Json;
using InvestChn.Articles;
using InvestChn.Tests.Delivery;

namespace InvestChn.Tests.Web.Admin;

/// <summary>The admin API through the worker's real HTTP pipeline, on a real SQLite file.</summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private AdminHost _host = null!;

    public async Task InitializeAsync() => _host = await AdminHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Subscriber_CreateGetUpdateDelete_RoundTripsWithChineseName()
    {
        using var created = await _host.SendAsync(HttpMethod.Post, "/api/admin/subscribers", """{"email":"Wang.Li@example.com","name":"王丽","frequency":"weekly","keywords":["新能源"]}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("\"name\":\"王丽\"", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var subscriber = await JsonAsync(created);
        var id = subscriber.GetProperty("id").GetInt64();
        Assert.Equal($"/api/admin/subscribers/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(("王丽", "active", "weekly"), (subscriber.GetProperty("name").GetString(), subscriber.GetProperty("status").GetString(), subscriber.GetProperty("frequency").GetString()));
        Assert.False(subscriber.TryGetProperty("token", out _));

        using var fetched = await _host.SendAsync(HttpMethod.Get, $"/api/admin/subscribers/{id}");
        Assert.Equal("Wang.Li@example.com", (await JsonAsync(fetched)).GetProperty("email").GetString());

        using var updated = await _host.SendAsync(HttpMethod.Patch, $"/api/admin/subscribers/{id}", """{"frequency":"daily","status":"unsubscribed"}""");
        var after = await JsonAsync(updated);
        Assert.Equal(("王丽", "daily", "unsubscribed"), (after.GetProperty("name").GetString(), after.GetProperty("frequency").GetString(), after.GetProperty("status").GetString()));
        Assert.Equal("新能源", after.GetProperty("keywords")[0].GetString());

        using var reactivate = await _host.SendAsync(HttpMethod.Patch, $"/api/admin/subscribers/{id}", """{"status":"active"}""");
        await AssertProblemAsync(reactivate, HttpStatusCode.Conflict);

        using var deleted = await _host.SendAsync(HttpMethod.Delete, $"/api/admin/subscribers/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await _host.SendAsync(HttpMethod.Get, $"/api/admin/subscribers/{id}");
        await AssertProblemAsync(gone, HttpStatusCode.NotFound);
        using var deletedAgain = await _host.SendAsync(HttpMethod.Delete, $"/api/admin/subscribers/{id}");
        await AssertProblemAsync(deletedAgain, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET", "/api/admin/subscribers/999")]
    [InlineData("PATCH", "/api/admin/subscribers/999")]
    [InlineData("DELETE", "/api/admin/subscribers/999")]
    [InlineData("GET", "/api/admin/subscribers/not-a-number")]
    [InlineData("GET", "/api/admin/no-such-route")]
    public async Task UnknownIdOrRoute_WithTheKey_Answers404Problem(string method, string path)
    {
        using var response = await _host.SendAsync(new HttpMethod(method), path, method == "PATCH" ? """{"name":"无"}""" : null);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_PendingThenPatchActive_ConfirmsTheSubscriber()
    {
        using var created = await _host.SendAsync(HttpMethod.Post, "/api/admin/subscribers", """{"email":"p@example.com","pending":true}""");
        var id = (await JsonAsync(created)).GetProperty("id").GetInt64();
        Assert.Equal("pending", (await JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/api/admin/subscribers/{id}"))).GetProperty("status").GetString());

        using var confirmed = await _host.SendAsync(HttpMethod.Patch, $"/api/admin/subscribers/{id}", """{"status":"active"}""");

        var after = await JsonAsync(confirmed);
        Assert.Equal("active", after.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, after.GetProperty("confirmedAt").ValueKind);
    }

    [Fact]
    public async Task Create_SameAddressInOtherCase_Answers409AndChangesNothing()
    {
        using var first = await _host.SendAsync(HttpMethod.Post, "/api/admin/subscribers", """{"email":"dup@example.com","name":"甲"}""");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await _host.SendAsync(HttpMethod.Post, "/api/admin/subscribers", """{"email":"DUP@example.com","name":"乙"}""");

        await AssertProblemAsync(second, HttpStatusCode.Conflict);
        var list = await JsonAsync(await _host.SendAsync(HttpMethod.Get, "/api/admin/subscribers?q=dup"));
        Assert.Equal("甲", Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("""{"email":"not-an-address"}""", "email")]
    [InlineData("""{"email":""}""", "email")]
    [InlineData("""{"email":"crlf@example.com","name":"王\r\nBcc: victim@example.com"}""", "name")]
    [InlineData("""{"email":"chan@example.com","channels":["no-such-channel"]}""", "channels")]
    [InlineData("""{"email":"freq@example.com","frequency":"hourly"}""", "frequency")]
    public async Task Create_BadInput_Answers400ValidationProblemNamingTheFieldAndStoresNothing(string body, string field)
    {
        using var response = await _host.SendAsync(HttpMethod.Post, "/api/admin/subscribers", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var list = await JsonAsync(await _host.SendAsync(HttpMethod.Get, "/api/admin/subscribers"));
        Assert.Equal(0, list.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    public async Task Create_BodyThatIsNotTheObject_Answers400Problem(string body)
    {
        using var response = await _host.SendAsync(HttpMethod.Post, "/api/admin/subscribers", body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Create_ScriptInName_IsStoredAsTextAndNeverSentAsMarkup()
    {
        using var response = await _host.SendAsync(HttpMethod.Post, "/api/admin/subscribers", """{"email":"x@example.com","name":"<script>alert(1)</script>"}""");
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.DoesNotContain("<", raw, StringComparison.Ordinal);
        Assert.Equal("<script>alert(1)</script>", JsonDocument.Parse(raw).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Import_Gb18030File_ImportsGoodRowsAndListsBadOnesByLine()
    {
        var csv = "email,name,frequency,channels,keywords\n" +
                  "zhang@example.com,张伟,daily,,\n" +
                  "broken-address,李娜,daily,,\n" +
                  "li@example.com,李娜,weekly,,新能源;半导体\n" +
                  "zhao@example.com,赵敏,monthly,,\n";
        var bytes = PageDecoder.Gb18030.GetBytes(csv);

        using var response = await _host.PostCsvAsync("/api/admin/subscribers/import", bytes);

        var summary = await JsonAsync(response);
        Assert.Equal((2, 0, 0, 2), (summary.GetProperty("added").GetInt32(), summary.GetProperty("updated").GetInt32(), summary.GetProperty("unchanged").GetInt32(), summary.GetProperty("rejected").GetInt32()));
        var problems = summary.GetProperty("problems").EnumerateArray().Select(p => (p.GetProperty("line").GetInt32(), p.GetProperty("problem").GetString()!)).ToList();
        Assert.Equal([3, 5], problems.Select(p => p.Item1));
        Assert.Contains("broken-address", problems[0].Item2, StringComparison.Ordinal);
        Assert.Contains("monthly", problems[1].Item2, StringComparison.Ordinal);
        var li = await JsonAsync(await _host.SendAsync(HttpMethod.Get, "/api/admin/subscribers?q=li@"));
        Assert.Equal("李娜", Assert.Single(li.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());

        using var again = await _host.PostCsvAsync("/api/admin/subscribers/import", bytes);
        Assert.Equal(2, (await JsonAsync(again)).GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task Import_BadHeader_Answers400ProblemNamingTheLine()
    {
        using var response = await _host.PostCsvAsync("/api/admin/subscribers/import", Encoding.UTF8.GetBytes("mail,name\nx@example.com,X\n"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("line 1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FiltersAndPages()
    {
        var csv = "email,name,frequency,channels,keywords\n" +
                  "a1@example.com,甲一,daily,policy,\n" +
                  "a2@example.com,甲二,weekly,policy;zone-news,\n" +
                  "b1@example.com,乙一,daily,zone-news,\n" +
                  "b2@example.com,乙二,weekly,,\n" +
                  "c1@example.com,丙一,daily,policy-local,\n";
        using var imported = await _host.PostCsvAsync("/api/admin/subscribers/import", Encoding.UTF8.GetBytes(csv));
        Assert.Equal(5, (await JsonAsync(imported)).GetProperty("added").GetInt32());
        var b2 = (await JsonAsync(await _host.SendAsync(HttpMethod.Get, "/api/admin/subscribers?q=b2"))).GetProperty("items")[0].GetProperty("id").GetInt64();
        using var left = await _host.SendAsync(HttpMethod.Patch, $"/api/admin/subscribers/{b2}", """{"status":"unsubscribed"}""");
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);

        Assert.Equal(["a1@example.com", "a2@example.com"], await EmailsAsync("/api/admin/subscribers?channel=policy"));
        Assert.Equal(["a2@example.com", "b2@example.com"], await EmailsAsync("/api/admin/subscribers?frequency=weekly"));
        Assert.Equal(["b2@example.com"], await EmailsAsync("/api/admin/subscribers?status=unsubscribed"));
        Assert.Equal(["b1@example.com"], await EmailsAsync("/api/admin/subscribers?q=%E4%B9%99%E4%B8%80"));
        Assert.Equal(["c1@example.com"], await EmailsAsync("/api/admin/subscribers?q=C1%40EXAMPLE"));

        var page = await JsonAsync(await _host.SendAsync(HttpMethod.Get, "/api/admin/subscribers?offset=2&limit=2"));
        Assert.Equal(5, page.GetProperty("total").GetInt64());
        Assert.Equal(["b1@example.com", "b2@example.com"], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("email").GetString()));

        using var bad = await _host.SendAsync(HttpMethod.Get, "/api/admin/subscribers?status=gone&limit=501");
        var problem = await AssertProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task DigestsRun_PlansAnswers202ThenSendsInTheBackground()
    {
        await AddActiveAsync("wang.li@example.com", "zhao.min@example.com");
        await _host.ImportPagesAsync(
            ("001.txt", DeliveryScenario.TextPage("长三角开发区三季度外资项目增长")),
            ("002.txt", DeliveryScenario.TextPage("合肥新站高新区新型显示产业园开工", "2026-11-26")));

        using var response = await _host.SendAsync(HttpMethod.Post, "/api/admin/digests/run", """{"frequency":"daily","at":"2030-01-02T09:00"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/api/admin/deliveries/run", response.Headers.Location!.OriginalString);
        var accepted = await JsonAsync(response);
        var edition = Assert.Single(accepted.GetProperty("editions").EnumerateArray());
        Assert.Equal(("daily", 2, false), (edition.GetProperty("frequency").GetString(), edition.GetProperty("toSend").GetInt32(), edition.GetProperty("alreadyPlanned").GetBoolean()));
        Assert.Equal(DateTimeOffset.Parse("2030-01-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), edition.GetProperty("scheduledAt").GetDateTimeOffset());

        var state = await WaitForDrainAsync();
        Assert.Equal(2, state.GetProperty("sent").GetInt32());
        Assert.Equal(2, Directory.GetFiles(_host.MailDirectory, "*.eml").Length);
        var sent = await JsonAsync(await _host.SendAsync(HttpMethod.Get, "/api/admin/deliveries?status=sent&frequency=daily"));
        Assert.Equal(2, sent.GetProperty("total").GetInt64());
        var row = sent.GetProperty("items")[0];
        Assert.Equal(("daily", "sent", 2), (row.GetProperty("edition").GetString(), row.GetProperty("outcome").GetString(), row.GetProperty("articleCount").GetInt32()));

        using var twice = await _host.SendAsync(HttpMethod.Post, "/api/admin/digests/run", """{"frequency":"daily","at":"2030-01-02T09:00"}""");
        Assert.True(Assert.Single((await JsonAsync(twice)).GetProperty("editions").EnumerateArray()).GetProperty("alreadyPlanned").GetBoolean());

        var stats = await JsonAsync(await _host.SendAsync(HttpMethod.Get, "/api/admin/stats?editions=1"));
        Assert.Equal(2, stats.GetProperty("subscribers").GetProperty("active").GetInt64());
        Assert.Equal(2, stats.GetProperty("deliveries").GetProperty("sent").GetInt64());
        var latest = Assert.Single(stats.GetProperty("editions").EnumerateArray());
        Assert.Equal((edition.GetProperty("editionId").GetInt64(), 2L), (latest.GetProperty("id").GetInt64(), latest.GetProperty("deliveries").GetProperty("sent").GetInt64()));
    }

    [Theory]
    [InlineData("""{"frequency":"hourly"}""", "frequency")]
    [InlineData("""{"at":"yesterday"}""", "at")]
    public async Task DigestsRun_BadBody_Answers400AndPlansNothing(string body, string field)
    {
        using var response = await _host.SendAsync(HttpMethod.Post, "/api/admin/digests/run", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        var stats = await JsonAsync(await _host.SendAsync(HttpMethod.Get, "/api/admin/stats"));
        Assert.DoesNotContain(stats.GetProperty("editions").EnumerateArray(), e => e.GetProperty("scheduledAt").GetDateTimeOffset().Year == 2030);
    }

    [Fact]
    public async Task Deliveries_ListFiltersByEmailAndEdition()
    {
        await AddActiveAsync("one@example.com", "two@example.com");
        await _host.ImportPagesAsync(("001.txt", DeliveryScenario.TextPage("长三角开发区三季度外资项目增长")));
        using var run = await _host.SendAsync(HttpMethod.Post, "/api/admin/digests/run", """{"frequency":"daily","at":"2030-01-02T09:00"}""");
        var editionId = (await JsonAsync(run)).GetProperty("editions")[0].GetProperty("editionId").GetInt64();
        await WaitForDrainAsync();

        var mine = await JsonAsync(await _host.SendAsync(HttpMethod.Get, "/api/admin/deliveries?email=TWO%40example.com"));
        var inEdition = await JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/api/admin/deliveries?edition={editionId}&limit=1"));
        var otherEdition = await JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/api/admin/deliveries?edition={editionId + 100}"));

        Assert.Equal("two@example.com", Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("email").GetString());
        Assert.Equal((2L, 1), (inEdition.GetProperty("total").GetInt64(), inEdition.GetProperty("items").GetArrayLength()));
        Assert.Equal(0, otherEdition.GetProperty("total").GetInt64());
        using var bad = await _host.SendAsync(HttpMethod.Get, "/api/admin/deliveries?status=lost");
        await AssertProblemAsync(bad, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OpenApi_DescribesEveryAdminRouteAndNothingElse()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/api/admin/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await JsonAsync(response);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateObject().Select(o => o.Name.ToUpperInvariant()).ToHashSet());
        var routes = AdminAuthTests.AdminRoutes(_host).Where(r => !r.Path.EndsWith("/openapi.json", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(routes);
        foreach (var (method, path) in routes)
        {
            var documented = paths.Keys.Select(p => (Template: p, Filled: System.Text.RegularExpressions.Regex.Replace(p, @"\{[^}]+\}", "1"))).Where(p => p.Filled == path.TrimEnd('/')).ToList();
            Assert.True(documented.Count == 1 && paths[documented[0].Template].Contains(method), $"{method} {path} is not in the document");
        }

        Assert.All(paths.Keys, p => Assert.StartsWith("/api/admin/", p, StringComparison.Ordinal));
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Api-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        var run = document.GetProperty("paths").GetProperty("/api/admin/digests/run").GetProperty("post");
        Assert.Contains("after the answer", run.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(run.GetProperty("responses").TryGetProperty("202", out _));
    }

    private async Task AddActiveAsync(params string[] emails)
    {
        foreach (var email in emails)
        {
            using var created = await _host.SendAsync(HttpMethod.Post, "/api/admin/subscribers", $$"""{"email":"{{email}}"}""");
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
    }

    private async Task<List<string?>> EmailsAsync(string path) =>
        (await JsonAsync(await _host.SendAsync(HttpMethod.Get, path))).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("email").GetString()).ToList();

    private static Task<JsonElement> JsonAsync(HttpResponseMessage response) => AdminHost.JsonAsync(response);

    private static Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status) => AdminHost.AssertProblemAsync(response, status);

    private Task<JsonElement> WaitForDrainAsync() => _host.WaitForDrainAsync();
}
