using System.Globalization;
using System.Text;
using Dapper;
using InvestChn.Tests.Delivery;
using InvestChn.Tests.Storage;
using Npgsql;

namespace InvestChn.Tests.Cli;

/// <summary>
/// Three real <c>investchn run</c> processes on one PostgreSQL database, clustered, sending one
/// edition to 5,000 subscribers through one SMTP server: nobody is missed, nobody gets two, even
/// when a node is killed with SIGKILL half-way.
/// </summary>
public class ClusterTests
{
    private const int Subscribers = 5_000;

    private const int Nodes = 3;

    private const int ConnectionsPerNode = 4;

    [Fact]
    public async Task Run_ClusteredOnSqlite_StopsWithExit2NamingTheKeys()
    {
        using var dir = new TempDirectory();

        var result = await Investchn.RunAsync(dir.Path, null, ["run", "--Scheduling:Clustered=true", "--Http:Urls=http://127.0.0.1:0", $"--Templates:Directory={TestPaths.Templates}"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Scheduling:Clustered", result.Error, StringComparison.Ordinal);
        Assert.Contains("Storage:Provider=Postgres", result.Error, StringComparison.Ordinal);
        Assert.Contains("'Sqlite'", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("data/investchn.db")), "nothing may start before the configuration is accepted");
    }

    [SkippableFact]
    public async Task Run_ThreeNodesOneEdition_EverySubscriberGetsExactlyOneDigestAndEveryNodeSendsSome()
    {
        await using var cluster = await Cluster.PrepareAsync(maxPerSecondPerNode: 400);

        var nodes = await cluster.StartNodesAsync();
        var feeds = new List<FeedAnswer>();
        foreach (var node in nodes)
        {
            feeds.Add(await FeedAnswer.GetAsync(node, "all.atom"));
        }

        var notModifiedElsewhere = await FeedAnswer.GetAsync(nodes[^1], "all.atom", ifNoneMatch: feeds[0].ETag);
        var opml = await Task.WhenAll(nodes.Select(n => FeedAnswer.GetAsync(n, "index.opml")));
        var sent = await cluster.WaitAllSentAsync(TimeSpan.FromMinutes(5));
        var exits = new List<int>();
        foreach (var node in nodes)
        {
            exits.Add(await node.StopAsync());
        }

        Assert.True(sent == Subscribers, $"{sent} of {Subscribers} rows sent\n{Cluster.Describe(nodes)}");

        // Feeds: built by one node, stored in the database, the same bytes and headers from every node.
        Assert.All(feeds, f => Assert.Equal(200, f.Status));
        Assert.All(feeds, f => Assert.Equal(feeds[0].Body, f.Body));
        Assert.All(feeds, f => Assert.Equal((feeds[0].ETag, feeds[0].LastModified), (f.ETag, f.LastModified)));
        Assert.Contains("<feed", Encoding.UTF8.GetString(feeds[0].Body), StringComparison.Ordinal);
        Assert.Equal(304, notModifiedElsewhere.Status);
        Assert.All(opml, o => Assert.Equal((200, opml[0].ETag), (o.Status, o.ETag)));

        var received = cluster.Server.Messages;
        var byRecipient = received.GroupBy(m => m.Recipients.Single(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(Subscribers, byRecipient.Count);
        Assert.All(byRecipient, r => Assert.Equal(1, r.Value));
        Assert.Equal(Subscribers, received.Select(MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(await cluster.SentMessageIdsAsync(), received.Select(MessageId).Order(StringComparer.Ordinal));
        Assert.All(exits, e => Assert.Equal(0, e));
        var perNode = nodes.Select(n => n.ReportedSent).ToList();
        Assert.True(perNode.All(n => n > 0), $"sent per node: {string.Join(", ", perNode)}\n{Cluster.Describe(nodes)}");
        Assert.Equal(Subscribers, perNode.Sum());
    }

    [SkippableFact]
    public async Task Run_OneNodeKilledMidEdition_NothingLostAndOnlyItsMessagesInFlightTwice()
    {
        // Slow enough that the kill lands half-way; leases short enough to run out within the test.
        await using var cluster = await Cluster.PrepareAsync(maxPerSecondPerNode: 100, "--Delivery:LeaseSeconds=8", "--Smtp:TimeoutSeconds=5");

        var nodes = await cluster.StartNodesAsync();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (cluster.Server.Messages.Count < Subscribers / 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var victim = nodes[0];
        var beforeKill = cluster.Server.Messages.Count;
        victim.Process.Kill();
        await victim.Process.WaitForExitAsync();
        var sent = await cluster.WaitAllSentAsync(TimeSpan.FromMinutes(5));
        foreach (var node in nodes.Skip(1))
        {
            Assert.Equal(0, await node.StopAsync());
        }

        Assert.InRange(beforeKill, Subscribers / 5, Subscribers - 1);
        Assert.True(sent == Subscribers, $"{sent} of {Subscribers} rows sent\n{Cluster.Describe(nodes)}");
        var received = cluster.Server.Messages;
        var ids = received.Select(MessageId).ToList();
        Assert.Equal(Subscribers, received.Select(m => m.Recipients.Single()).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(await cluster.SentMessageIdsAsync(), ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

        // A repeat is a message the killed node had handed to the server without recording it:
        // at most one per connection of that node, and the same message (same Message-ID).
        var repeats = ids.Count - ids.Distinct(StringComparer.Ordinal).Count();
        Assert.InRange(repeats, 0, ConnectionsPerNode);
    }

    /// <summary>What a node answered for a feed document.</summary>
    private sealed record FeedAnswer(int Status, byte[] Body, string? ETag, DateTimeOffset? LastModified)
    {
        /// <summary>GET /feeds/NAME, waiting (a minute at most) until the node has it: the first import scan builds and stores the feeds on one node.</summary>
        public static async Task<FeedAnswer> GetAsync(ClusterNode node, string name, string? ifNoneMatch = null)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{node.Port}/feeds/{name}"));
                if (ifNoneMatch is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
                }

                using var response = await http.SendAsync(request);
                if (response.StatusCode != System.Net.HttpStatusCode.NotFound || DateTime.UtcNow > deadline)
                {
                    return new FeedAnswer((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Headers.ETag?.ToString(), response.Content.Headers.LastModified);
                }

                await Task.Delay(250);
            }
        }
    }

    private static string MessageId(ReceivedMessage message) => message.Parse().MessageId ?? "";

    /// <summary>The shared database, SMTP server and settings of one test's nodes.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private readonly List<ClusterNode> _nodes = [];

        private Cluster(string connectionString, TestSmtpServer server, TempDirectory work, Dictionary<string, string> environment, string[] settings)
        {
            ConnectionString = connectionString;
            Server = server;
            Work = work;
            Environment = environment;
            Settings = settings;
        }

        public string ConnectionString { get; }

        public TestSmtpServer Server { get; }

        public TempDirectory Work { get; }

        /// <summary>The connection string (with its password) goes through the environment, as the README says to.</summary>
        public Dictionary<string, string> Environment { get; }

        public string[] Settings { get; }

        /// <summary>A database with <see cref="Subscribers"/> active daily subscribers and the seed pages, and an edition due a little after the nodes will have started.</summary>
        public static async Task<Cluster> PrepareAsync(int maxPerSecondPerNode, params string[] more)
        {
            var connectionString = await TestPostgres.CreateDatabaseAsync();
            var server = await TestSmtpServer.StartAsync();
            var work = new TempDirectory();
            var environment = new Dictionary<string, string>
            {
                ["INVESTCHN_Storage__Provider"] = "Postgres",
                ["INVESTCHN_Storage__ConnectionString"] = connectionString,
            };
            string[] common =
            [
                $"--Import:Directory={TestPaths.Seeds}", $"--Templates:Directory={TestPaths.Templates}", "--Digests:MaxArticleAgeDays=0",
                "--Digests:TimeZone=UTC", "--Import:TimeZone=Asia/Shanghai",
            ];
            var csv = new StringBuilder("email,name,frequency,channels,keywords\n");
            for (var i = 0; i < Subscribers; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"reader{i:D4}@example.com,读者{i},daily,,\n");
            }

            await File.WriteAllTextAsync(work.File("subscribers.csv"), csv.ToString());
            var imported = await Investchn.RunAsync(work.Path, environment, ["subscribers", "import", "subscribers.csv", .. common]);
            Assert.True(imported.ExitCode == 0, imported.Error);
            var pages = await Investchn.RunAsync(work.Path, environment, ["import", TestPaths.Seeds, .. common]);
            Assert.True(pages.ExitCode == 0, pages.Error);

            // A one-off daily edition (the cron names the year) some time after the nodes are up:
            // none is due when they start, and the one clustered trigger plans it on one node.
            var at = DateTimeOffset.UtcNow.AddSeconds(75);
            var cron = string.Create(CultureInfo.InvariantCulture, $"{at.Second} {at.Minute} {at.Hour} {at.Day} {at.Month} ? {at.Year}");
            string[] settings =
            [
                .. common, "--Scheduling:Clustered=true", "--Scheduling:CheckinSeconds=2", $"--Digests:Daily:Cron={cron}",
                "--Smtp:Host=127.0.0.1", $"--Smtp:Port={server.Port}", "--Smtp:Security=None", $"--Smtp:Connections={ConnectionsPerNode}",
                $"--Smtp:MaxMessagesPerSecond={maxPerSecondPerNode}", "--Delivery:Cron=* * * * * ?", .. more,
            ];
            return new Cluster(connectionString, server, work, environment, settings) { EditionAt = at };
        }

        public DateTimeOffset EditionAt { get; private init; }

        /// <summary>Starts the nodes and waits until every one serves HTTP, which must be before the edition is due.</summary>
        public async Task<IReadOnlyList<ClusterNode>> StartNodesAsync()
        {
            for (var i = 0; i < Nodes; i++)
            {
                _nodes.Add(ClusterNode.Start(Environment, [.. Settings, $"--Feeds:OutputDirectory=feeds-{i}"]));
            }

            foreach (var node in _nodes)
            {
                Assert.True(await node.WaitHealthyAsync(EditionAt - DateTimeOffset.UtcNow), $"a node was not up before the edition was due\n{Describe(_nodes)}");
            }

            Assert.True(DateTimeOffset.UtcNow < EditionAt, "the nodes took too long to start");
            return _nodes;
        }

        /// <summary>Waits until every row is sent (or the time runs out); returns how many are.</summary>
        public async Task<long> WaitAllSentAsync(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            long sent = 0;
            while (DateTime.UtcNow < deadline)
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                sent = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'");
                if (sent == Subscribers)
                {
                    break;
                }

                await Task.Delay(500);
            }

            return sent;
        }

        /// <summary>The Message-IDs the outbox recorded as sent, without the angle brackets MimeKit strips.</summary>
        public async Task<List<string>> SentMessageIdsAsync()
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            var ids = await connection.QueryAsync<string>("SELECT message_id FROM deliveries WHERE status = 'sent'");
            return ids.Select(i => i.Trim('<', '>')).Order(StringComparer.Ordinal).ToList();
        }

        public static string Describe(IEnumerable<ClusterNode> nodes) =>
            string.Join("\n", nodes.Select((n, i) => $"--- node {i} (exited: {n.Process.HasExited}) ---\n{Tail(n.Output)}"));

        public async ValueTask DisposeAsync()
        {
            foreach (var node in _nodes)
            {
                node.Dispose();
            }

            await Server.DisposeAsync();
            Work.Dispose();
            await TestPostgres.DropDatabaseAsync(ConnectionString);
        }

        private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
    }
}
