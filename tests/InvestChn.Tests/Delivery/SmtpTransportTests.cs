using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using InvestChn.Delivery;
using InvestChn.Delivery.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace InvestChn.Tests.Delivery;

/// <summary>The MailKit transport against an SMTP server in the test process on 127.0.0.1.</summary>
public class SmtpTransportTests
{
    [Fact]
    public async Task SendAsync_ManyMessagesOnOneConnection_AllArriveInOneSession()
    {
        var port = FreePort();
        var store = new RecordingStore();
        var services = new ServiceProvider();
        services.Add(store);
        var server = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build(), services);
        using var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        try
        {
            var transport = new SmtpTransport(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, TimeoutSeconds = 30 }));
            var outcomes = new List<SendOutcome>();
            await using (var connection = transport.Open())
            {
                for (var i = 0; i < 20; i++)
                {
                    outcomes.Add(await connection.SendAsync(Message(i)));
                }
            }

            Assert.All(outcomes, o => Assert.Equal(SendStatus.Sent, o.Status));
            Assert.Equal(20, store.Messages.Count);
            Assert.Single(store.Messages.Select(m => m.Session).Distinct());
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"m{i}@investchn.com"), store.Messages.Select(m => m.MessageId));
        }
        finally
        {
            await stop.CancelAsync();
            await running.ContinueWith(_ => { }, TaskScheduler.Default);
        }
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

    private static MimeMessage Message(int number)
    {
        var message = new MimeMessage { Subject = $"digest {number}", MessageId = $"m{number}@investchn.com" };
        message.From.Add(new MailboxAddress("投促中国", "digest@investchn.com"));
        message.To.Add(new MailboxAddress("", $"reader{number}@example.com"));
        message.Body = new TextPart("plain") { Text = string.Concat(Enumerable.Repeat("园区坚持项目为王，围绕主导产业开展精准招商。\n", 200)) };
        return message;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class RecordingStore : MessageStore
    {
        public ConcurrentQueue<(string Session, string MessageId)> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            Messages.Enqueue((context.SessionId.ToString(), message.MessageId ?? ""));
            return SmtpResponse.Ok;
        }
    }
}
