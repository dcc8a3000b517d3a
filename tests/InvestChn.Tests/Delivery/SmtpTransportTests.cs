using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using InvestChn.Delivery;
using InvestChn.Delivery.Smtp;
using InvestChn.Digests;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpCapabilities = MailKit.Net.Smtp.SmtpCapabilities;

namespace InvestChn.Tests.Delivery;

/// <summary>The MailKit transport against an SMTP server in the test process on 127.0.0.1.</summary>
public class SmtpTransportTests
{
    [Fact]
    public async Task SendAsync_ManyMessagesOnOneConnection_AllArriveInOneSession()
    {
        await using var server = LocalServer.Start();
        var transport = new SmtpTransport(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.None, TimeoutSeconds = 30 }));
        var outcomes = new List<SendOutcome>();
        await using (var connection = transport.Open())
        {
            for (var i = 0; i < 20; i++)
            {
                outcomes.Add(await connection.SendAsync(Message(i)));
            }
        }

        Assert.All(outcomes, o => Assert.Equal(SendStatus.Sent, o.Status));
        Assert.Equal(20, server.Store.Messages.Count);
        Assert.Single(server.Store.Messages.Select(m => m.Session).Distinct());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"m{i}@investchn.com"), server.Store.Messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task SendAsync_PreEncodedPartsBetweenLinesStartingWithDots_ArriveByteForByte()
    {
        await using var server = LocalServer.Start();

        // Parts that MailKit must dot-stuff on either side of the digest's base64 parts.
        var message = Message(0);
        var html = Base64Lines("<p>园区坚持项目为王，围绕主导产业开展精准招商。</p>\n" + string.Concat(Enumerable.Repeat("<li>新签约项目 12 个，总投资 86.5 亿元。</li>\n", 300)));
        message.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = ".first line\n..two dots\nmiddle\n.\n", ContentTransferEncoding = ContentEncoding.SevenBit },
            new EncodedTextPart("html", html),
            new EncodedTextPart("plain", Base64Lines("纯文本")),
            new TextPart("plain") { Text = ".after\n.", ContentTransferEncoding = ContentEncoding.SevenBit },
        };
        using var expected = new MemoryStream();
        message.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, expected);

        var transport = new SmtpTransport(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.None, TimeoutSeconds = 30 }));
        await using (var connection = transport.Open())
        {
            Assert.Equal(SendStatus.Sent, (await connection.SendAsync(message)).Status);
            Assert.Equal(SendStatus.Sent, (await connection.SendAsync(Message(1))).Status);
        }

        Assert.Equal(2, server.Store.Raw.Count);
        // The server keeps the data up to the CRLF of the final ".\r\n" line, without that CRLF.
        Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()).TrimEnd('\r', '\n'), Encoding.UTF8.GetString(server.Store.Raw.First()));
        var parts = server.Store.Received.First().BodyParts.OfType<TextPart>().Select(p => p.Text).ToList();
        Assert.Equal([".first line\n..two dots\nmiddle\n.\n", Encoding.UTF8.GetString(Convert.FromBase64String(Encoding.ASCII.GetString(html))), "纯文本", ".after\n."], parts);
    }

    [Theory]
    [InlineData(SmtpSecurity.StartTls)]
    [InlineData(SmtpSecurity.SslOnConnect)]
    public async Task SendAfterAsync_OverTls_StartsOnlyOnceThePreviousResultIsRecorded(SmtpSecurity security)
    {
        using var certificate = SelfSignedCertificate();
        await using var server = LocalServer.Start(e => e.Certificate(certificate).IsSecure(security == SmtpSecurity.SslOnConnect));
        var transport = new SmtpTransport(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = security, TimeoutSeconds = 30 }))
        {
            CertificateValidation = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString(),
        };
        await using (var connection = transport.Open())
        {
            Assert.Equal(SendStatus.Sent, (await connection.SendAsync(Message(0))).Status);

            // Encrypted, the end of the data cannot be held back: the whole message waits.
            var recorded = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var second = connection.SendAfterAsync(Message(1), recorded.Task);
            await Task.Delay(300);
            Assert.False(second.IsCompleted);
            Assert.Single(server.Store.Messages);
            recorded.SetResult(true);
            Assert.Equal(SendStatus.Sent, (await second.WaitAsync(TimeSpan.FromSeconds(20))).Status);

            // A previous result that could not be recorded: this one never starts.
            Assert.Same(SendOutcome.HeldBack, await connection.SendAfterAsync(Message(2), Task.FromResult(false)));
        }

        Assert.Equal(["m0@investchn.com", "m1@investchn.com"], server.Store.Messages.Select(m => m.MessageId));
        Assert.Single(server.Store.Messages.Select(m => m.Session).Distinct());
        Assert.All(server.Store.Messages, m => Assert.True(m.Secure));
    }

    [Fact]
    public async Task SendAsync_NobodyListening_Unreachable()
    {
        var transport = new SmtpTransport(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = FreePort(), Security = SmtpSecurity.None, TimeoutSeconds = 5 }));
        await using var connection = transport.Open();

        var outcome = await connection.SendAsync(Message(0));

        Assert.Equal(SendStatus.Unreachable, outcome.Status);
    }

    [Fact]
    public async Task SendAsync_ServerNeverGreets_UnreachableWithinTheTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var transport = new SmtpTransport(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port, Security = SmtpSecurity.None, TimeoutSeconds = 1 }));
        await using var connection = transport.Open();

        var started = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await connection.SendAsync(Message(0));

        Assert.Equal(SendStatus.Unreachable, outcome.Status);
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task SendAsync_ServerNeverAnswersTheData_TransientWithinTheTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            using var stream = client.GetStream();
            using var reader = new StreamReader(stream);
            await using var writer = new StreamWriter(stream) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 test ESMTP");
            while (await reader.ReadLineAsync() is { } line)
            {
                var reply = line.Split(' ')[0].ToUpperInvariant() switch
                {
                    "EHLO" => "250 test",
                    "MAIL" or "RCPT" => "250 ok",
                    "DATA" => "354 go on",
                    _ => null,
                };
                if (reply is not null)
                {
                    await writer.WriteLineAsync(reply);
                }
            }
        });
        var transport = new SmtpTransport(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port, Security = SmtpSecurity.None, TimeoutSeconds = 1 }));
        await using var connection = transport.Open();

        var outcome = await connection.SendAsync(Message(0));

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.StartsWith("connection lost", outcome.Reply, StringComparison.Ordinal);
        listener.Stop();
        await server.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task SendAsync_RelayPipelines_DataGoesWithTheEnvelopeAndEveryMessageArrives()
    {
        // This relay answers an envelope only once DATA has come with it: a client that waited
        // for the envelope's replies before sending DATA would time out here.
        await using var relay = ScriptedRelay.Start(Transaction.Accepted, Transaction.Accepted, Transaction.Accepted);
        await using var connection = relay.Transport().Open();

        var outcomes = new List<SendOutcome>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add(await connection.SendAsync(Message(i)));
        }

        Assert.All(outcomes, o => Assert.Equal(SendStatus.Sent, o.Status));
        Assert.Equal(["m0@investchn.com", "m1@investchn.com", "m2@investchn.com"], relay.Delivered.Select(m => m.MessageId));
        Assert.Equal(["MAIL RCPT DATA", "MAIL RCPT DATA", "MAIL RCPT DATA"], relay.Groups);
        Assert.Equal(1, relay.Sessions);
    }

    [Theory]
    [InlineData("550 5.1.1 no such user", "554 5.5.1 no valid recipients", SendStatus.Permanent, true, "MAIL RCPT DATA|RSET|MAIL RCPT DATA", 0)]
    [InlineData("250 2.1.5 ok", "451 4.3.0 try again later", SendStatus.Transient, false, "MAIL RCPT DATA|RSET|MAIL RCPT DATA", 0)]
    // Against RFC 2920, a relay that waits for message text after refusing the only recipient: the
    // session is dropped rather than let the next command become that text.
    [InlineData("550 5.1.1 no such user", "354 go on", SendStatus.Permanent, true, "MAIL RCPT DATA|MAIL RCPT DATA", 1)]
    public async Task SendAsync_RefusalInAPipelinedGroup_EndsAsItsReplySaysAndTheNextMessageGoesOut(
        string recipientReply, string dataReply, SendStatus expected, bool recipientRejected, string groups, int abandonedSessions)
    {
        await using var relay = ScriptedRelay.Start(new Transaction("250 2.1.0 ok", recipientReply, dataReply), Transaction.Accepted);

        SendOutcome refused, next;
        await using (var connection = relay.Transport().Open())
        {
            refused = await connection.SendAsync(Message(0));
            next = await connection.SendAsync(Message(1));
        }

        Assert.Equal(expected, refused.Status);
        Assert.Equal(recipientRejected, refused.RecipientRejected);
        Assert.StartsWith((recipientReply.StartsWith('5') ? recipientReply : dataReply)[..3], refused.Reply, StringComparison.Ordinal);
        Assert.Equal(SendStatus.Sent, next.Status);
        Assert.Equal(["m1@investchn.com"], relay.Delivered.Select(m => m.MessageId));
        Assert.Equal(groups.Split('|'), relay.Groups);
        Assert.Equal(Enumerable.Repeat("", abandonedSessions), relay.Abandoned);
        Assert.Equal(1 + abandonedSessions, relay.Sessions);
    }

    [Fact]
    public async Task SendAsync_DataEndingAtEachByteAroundA4KiBBoundary_EveryMessageSent()
    {
        // MailKit writes in 4 KiB pieces: data that ends exactly at the end of one must still go
        // out. The messages grow one byte at a time (7-bit text, only its last line longer) across
        // the 12 KiB mark, whatever MailKit adds around them.
        await using var server = LocalServer.Start();
        var transport = new SmtpTransport(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.None, TimeoutSeconds = 5 }));
        using var measured = new MemoryStream();
        Sized(0, 0).WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, measured);
        var first = (3 * 4096) - 80 - (int)measured.Length;
        var outcomes = new List<SendOutcome>();
        await using (var connection = transport.Open())
        {
            for (var last = first; last < first + 160; last++)
            {
                outcomes.Add(await connection.SendAsync(Sized(last - first, last)));
            }
        }

        Assert.All(outcomes, o => Assert.Equal(SendStatus.Sent, o.Status));
        Assert.Equal(160, server.Store.Messages.Count);

        static MimeMessage Sized(int number, int lastLine)
        {
            var message = Message(number);
            var text = string.Concat(Enumerable.Repeat(new string('x', 70) + "\n", 150)) + new string('y', lastLine) + "\n";
            message.Body = new TextPart("plain") { Text = text, ContentTransferEncoding = ContentEncoding.SevenBit };
            return message;
        }
    }

    [Fact]
    public async Task SendAsync_MoreRecipientsThanFitInOneCommandBuffer_AllAcceptedInOneMessage()
    {
        await using var server = LocalServer.Start();
        var transport = new SmtpTransport(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.None, TimeoutSeconds = 5 }));
        var message = Message(0);
        message.To.AddRange(Enumerable.Range(1, 150).Select(i => new MailboxAddress("", $"reader{i}@example.com")));

        SendOutcome outcome;
        await using (var connection = transport.Open())
        {
            outcome = await connection.SendAsync(message);
        }

        Assert.Equal(SendStatus.Sent, outcome.Status);
        Assert.Equal(151, Assert.Single(server.Store.Messages).Recipients);
    }

    [Theory]
    [InlineData(SmtpCapabilities.Pipelining, false, true)]
    [InlineData(SmtpCapabilities.Pipelining | SmtpCapabilities.EightBitMime | SmtpCapabilities.Chunking | SmtpCapabilities.Size, false, true)]
    [InlineData(SmtpCapabilities.Pipelining, true, false)]
    [InlineData(SmtpCapabilities.Pipelining | SmtpCapabilities.BinaryMime | SmtpCapabilities.Chunking, false, false)]
    [InlineData(SmtpCapabilities.EightBitMime | SmtpCapabilities.Size, false, false)]
    public void MayPipelineData_RelayCapabilities_OnlyWhenMailKitSendsDataInTheClear(SmtpCapabilities capabilities, bool secure, bool expected) =>
        Assert.Equal(expected, SmtpTransport.MayPipelineData(capabilities, secure));

    private static MimeMessage Message(int number)
    {
        var message = new MimeMessage { Subject = $"digest {number}", MessageId = $"m{number}@investchn.com" };
        message.From.Add(new MailboxAddress("投促中国", "digest@investchn.com"));
        message.To.Add(new MailboxAddress("", $"reader{number}@example.com"));
        message.Body = new TextPart("plain") { Text = string.Concat(Enumerable.Repeat("园区坚持项目为王，围绕主导产业开展精准招商。\n", 200)) };
        return message;
    }

    /// <summary>UTF-8 text as base64 lines of 76 characters ending in CRLF, as digests carry it.</summary>
    private static byte[] Base64Lines(string text) =>
        Encoding.ASCII.GetBytes(string.Concat(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).Chunk(76).Select(line => new string(line) + "\r\n")));

    /// <summary>A certificate for "localhost" that only these tests trust.</summary>
    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        // Through PKCS #12, so the server's TLS can use the private key.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The replies of a scripted relay to one transaction: MAIL FROM, RCPT TO, DATA, and the end of the data.</summary>
    private sealed record Transaction(string Mail, string Recipient, string Data, string End = "250 2.0.0 queued")
    {
        public static Transaction Accepted { get; } = new("250 2.1.0 ok", "250 2.1.5 ok", "354 go on");
    }

    /// <summary>
    /// A relay on 127.0.0.1 that offers PIPELINING and answers transactions from a script, one
    /// session after another. It answers MAIL FROM and RCPT TO only once a group ends (with DATA,
    /// or when a command arrives that the client would have waited for), and keeps the command
    /// groups it saw, the messages it took and the text of data it was left in.
    /// </summary>
    private sealed class ScriptedRelay : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Queue<Transaction> _script;
        private readonly ConcurrentQueue<string> _groups = new();
        private readonly ConcurrentQueue<MimeMessage> _delivered = new();
        private readonly ConcurrentQueue<string> _abandoned = new();
        private Task _running = Task.CompletedTask;
        private int _sessions;

        private ScriptedRelay(Transaction[] script) => _script = new Queue<Transaction>(script);

        public IReadOnlyList<string> Groups => [.. _groups];

        public IReadOnlyList<MimeMessage> Delivered => [.. _delivered];

        /// <summary>Message text of sessions that ended in the middle of the data.</summary>
        public IReadOnlyList<string> Abandoned => [.. _abandoned];

        public int Sessions => Volatile.Read(ref _sessions);

        public static ScriptedRelay Start(params Transaction[] script)
        {
            var relay = new ScriptedRelay(script);
            relay._listener.Start();
            relay._running = Task.Run(relay.ServeAsync);
            return relay;
        }

        public SmtpTransport Transport() =>
            new(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = ((IPEndPoint)_listener.LocalEndpoint).Port, Security = SmtpSecurity.None, TimeoutSeconds = 5 }));

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _running.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        private async Task ServeAsync()
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref _sessions);
                await using var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await SessionAsync(reader, writer);
            }
        }

        private async Task SessionAsync(StreamReader reader, StreamWriter writer)
        {
            await writer.WriteLineAsync("220 relay ESMTP");
            var group = new List<string>();
            Transaction? current = null;
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-relay\r\n250 PIPELINING");
                        continue;
                    case "MAIL" or "RCPT":
                        group.Add(verb);
                        continue;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                }

                // Here the client waits: the group ends, and its commands are answered.
                group.Add(verb);
                _groups.Enqueue(string.Join(' ', group));
                foreach (var command in group)
                {
                    current = command == "MAIL" ? _script.Dequeue() : current;
                    await writer.WriteLineAsync(command switch
                    {
                        "MAIL" => current!.Mail,
                        "RCPT" => current!.Recipient,
                        "DATA" => current!.Data,
                        _ => "250 2.0.0 ok",
                    });
                }

                group.Clear();
                if (verb == "DATA" && current!.Data.StartsWith('3'))
                {
                    var text = new StringBuilder();
                    while (true)
                    {
                        if (await reader.ReadLineAsync() is not { } data)
                        {
                            _abandoned.Enqueue(text.ToString());
                            return;
                        }

                        if (data == ".")
                        {
                            break;
                        }

                        text.Append(data.StartsWith('.') ? data[1..] : data).Append("\r\n");
                    }

                    using var message = new MemoryStream(Encoding.ASCII.GetBytes(text.ToString()));
                    _delivered.Enqueue(await MimeMessage.LoadAsync(message));
                    await writer.WriteLineAsync(current.End);
                }
            }
        }
    }

    /// <summary>An SmtpServer on a free port of 127.0.0.1 that keeps what it receives; stopped when disposed.</summary>
    private sealed class LocalServer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _running = Task.CompletedTask;

        public int Port { get; } = FreePort();

        public RecordingStore Store { get; } = new();

        public static LocalServer Start(Action<EndpointDefinitionBuilder>? endpoint = null)
        {
            var server = new LocalServer();
            var services = new ServiceProvider();
            services.Add(server.Store);
            var builder = new EndpointDefinitionBuilder().Endpoint(new IPEndPoint(IPAddress.Loopback, server.Port));
            endpoint?.Invoke(builder);
            var smtp = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(builder.Build()).Build(), services);
            server._running = smtp.StartAsync(server._stop.Token);
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running.ContinueWith(_ => { }, TaskScheduler.Default);
            _stop.Dispose();
        }
    }

    private sealed class RecordingStore : MessageStore
    {
        public ConcurrentQueue<(string Session, string MessageId, bool Secure, int Recipients)> Messages { get; } = new();

        public ConcurrentQueue<byte[]> Raw { get; } = new();

        public ConcurrentQueue<MimeMessage> Received { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var raw = buffer.ToArray();
            using var stream = new MemoryStream(raw);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            Raw.Enqueue(raw);
            Received.Enqueue(message);
            Messages.Enqueue((context.SessionId.ToString(), message.MessageId ?? "", context.Pipe.IsSecure, transaction.To.Count));
            return SmtpResponse.Ok;
        }
    }
}
