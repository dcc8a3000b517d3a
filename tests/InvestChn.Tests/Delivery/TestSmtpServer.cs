using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using Server = SmtpServer.SmtpServer;
using ServerServices = SmtpServer.ComponentModel.ServiceProvider;

namespace InvestChn.Tests.Delivery;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 for delivery tests. It keeps every
/// message it accepts with its envelope, and can be told to answer 451 to the next messages, to
/// refuse a recipient with 550 (at RCPT or after the data), to cut the connection in the middle of
/// DATA, and to go down and come back on the same port.
/// </summary>
internal sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<ReceivedMessage> _messages = [];
    private readonly List<string> _refusals = [];
    private readonly Dictionary<string, Refusal> _refusedRecipients = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Connection> _connections = [];
    private readonly List<TcpListener> _listeners = [];
    private int _deferNext;
    private int _dropNext;
    private Server? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;
    private TaskCompletionSource<int>? _listening;

    private TestSmtpServer()
    {
    }

    /// <summary>The port the server listens on (the same after a restart).</summary>
    public int Port { get; private set; }

    /// <summary>True between start and stop.</summary>
    public bool IsRunning => _server is not null;

    /// <summary>Messages accepted (250 after the data), in the order they arrived.</summary>
    public IReadOnlyList<ReceivedMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Every refusal and cut connection, as "code recipient(s)" lines, for failure messages.</summary>
    public IReadOnlyList<string> Refusals
    {
        get
        {
            lock (_lock)
            {
                return [.. _refusals];
            }
        }
    }

    /// <summary>A server on a free port of 127.0.0.1, accepting everything.</summary>
    public static async Task<TestSmtpServer> StartAsync()
    {
        var server = new TestSmtpServer();
        await server.ListenAsync(0);
        return server;
    }

    /// <summary>The next <paramref name="count"/> messages get "451 4.3.0" after their data, then messages are accepted again.</summary>
    public void DeferNext(int count)
    {
        lock (_lock)
        {
            _deferNext = count;
        }
    }

    /// <summary>
    /// Refuses <paramref name="address"/> at RCPT, or with <paramref name="afterData"/> once the data is in, with
    /// <paramref name="code"/> and <paramref name="text"/> (by default 550 5.1.1: no such mailbox).
    /// </summary>
    public void RefuseRecipient(string address, bool afterData = false, int code = 550, string text = "5.1.1 mailbox unavailable")
    {
        lock (_lock)
        {
            _refusedRecipients[address] = new Refusal(afterData, new SmtpResponse((SmtpReplyCode)code, $"{text} <{address}>"));
        }
    }

    /// <summary>The next <paramref name="count"/> DATA commands are answered with 354, then the connection is cut while the client sends the message.</summary>
    public void DropNextDuringData(int count = 1)
    {
        lock (_lock)
        {
            _dropNext = count;
        }
    }

    /// <summary>Takes the server down: the port refuses connections and open sessions are cut.</summary>
    public async Task StopAsync()
    {
        if (_server is not { } server)
        {
            return;
        }

        _server = null;
        await _stop!.CancelAsync();
        server.Shutdown();
        List<TcpListener> listeners;
        List<Connection> connections;
        lock (_lock)
        {
            listeners = [.. _listeners];
            connections = [.. _connections];
            _listeners.Clear();
            _connections.Clear();
        }

        listeners.ForEach(l => l.Stop());
        connections.ForEach(c => c.Abort());
        try
        {
            await _running!.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Cancelled listeners end this way.
        }

        _stop.Dispose();
    }

    /// <summary>Brings the server back on the same port.</summary>
    public Task RestartAsync() => IsRunning ? Task.CompletedTask : ListenAsync(Port);

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task ListenAsync(int port)
    {
        _listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test.local")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new ServerServices();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        services.Add(new ListenerFactory(this));
        _stop = new CancellationTokenSource();
        _server = new Server(options, services);
        _running = _server.StartAsync(_stop.Token);
        var first = await Task.WhenAny(_listening.Task, _running).WaitAsync(TimeSpan.FromSeconds(10));
        if (first != _listening.Task)
        {
            await _running;
            throw new InvalidOperationException("The test SMTP server stopped before it listened.");
        }

        Port = await _listening.Task;
    }

    private void Listening(TcpListener listener)
    {
        lock (_lock)
        {
            _listeners.Add(listener);
        }

        _listening?.TrySetResult(((IPEndPoint)listener.LocalEndpoint).Port);
    }

    private void Opened(Connection connection)
    {
        lock (_lock)
        {
            _connections.Add(connection);
        }
    }

    private bool TakeDrop()
    {
        lock (_lock)
        {
            if (_dropNext <= 0)
            {
                return false;
            }

            _dropNext--;
            _refusals.Add("cut during DATA");
            return true;
        }
    }

    private SmtpResponse Save(IMessageTransaction transaction, ReadOnlySequence<byte> buffer)
    {
        var recipients = transaction.To.Select(m => m.AsAddress()).ToList();
        lock (_lock)
        {
            var refused = recipients.FirstOrDefault(r => _refusedRecipients.TryGetValue(r, out var refusal) && refusal.AfterData);
            if (refused is not null)
            {
                var reply = _refusedRecipients[refused].Reply;
                _refusals.Add($"{(int)reply.ReplyCode} {refused}");
                return reply;
            }

            if (_deferNext > 0)
            {
                _deferNext--;
                _refusals.Add("451 " + string.Join(",", recipients));
                return new SmtpResponse((SmtpReplyCode)451, "4.3.0 try again later");
            }

            _messages.Add(new ReceivedMessage(transaction.From.AsAddress(), recipients, buffer.ToArray()));
            return SmtpResponse.Ok;
        }
    }

    /// <summary>The reply refusing <paramref name="to"/> at RCPT, or null.</summary>
    private SmtpResponse? RefusalAtRcpt(IMailbox to)
    {
        lock (_lock)
        {
            if (_refusedRecipients.TryGetValue(to.AsAddress(), out var refusal) && !refusal.AfterData)
            {
                _refusals.Add($"{(int)refusal.Reply.ReplyCode} {to.AsAddress()}");
                return refusal.Reply;
            }

            return null;
        }
    }

    private sealed class Store(TestSmtpServer owner) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken) =>
            Task.FromResult(owner.Save(transaction, buffer));
    }

    private sealed class Filter(TestSmtpServer owner) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            owner.RefusalAtRcpt(to) is { } refusal ? throw new SmtpResponseException(refusal) : Task.FromResult(true);
    }

    private sealed record Refusal(bool AfterData, SmtpResponse Reply);

    private sealed class ListenerFactory(TestSmtpServer owner) : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            owner.Listening(listener);
            return new Listener(owner, listener);
        }
    }

    private sealed class Listener(TestSmtpServer owner, TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            var connection = new Connection(client);
            owner.Opened(connection);
            context.CommandExecuting += (_, e) =>
            {
                if (e.Command is DataCommand && owner.TakeDrop())
                {
                    connection.CutOnNextRead();
                }
            };
            return connection;
        }

        public void Dispose() => listener.Stop();
    }

    /// <summary>One accepted TCP connection; it can be cut (RST) the next time data arrives.</summary>
    private sealed class Connection : ISecurableDuplexPipe
    {
        private readonly TcpClient _client;
        private readonly Socket _socket;
        private readonly CuttableStream _stream;

        public Connection(TcpClient client)
        {
            _client = client;
            _socket = client.Client;
            _stream = new CuttableStream(client.GetStream(), Abort);
            Input = PipeReader.Create(_stream);
            Output = PipeWriter.Create(_stream);
        }

        public PipeReader Input { get; }

        public PipeWriter Output { get; }

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The test server speaks plain SMTP only.");

        public void CutOnNextRead() => _stream.CutOnNextRead();

        public void Abort()
        {
            try
            {
                _socket.LingerState = new LingerOption(true, 0);
                _socket.Close();
            }
            catch (ObjectDisposedException)
            {
                // Already closed.
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            _client.Dispose();
        }
    }

    /// <summary>The network stream of a connection; once armed, the next read that brings data cuts the connection and throws the data away.</summary>
    private sealed class CuttableStream(NetworkStream inner, Action cut) : Stream
    {
        private int _cut;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void CutOnNextRead() => Volatile.Write(ref _cut, 1);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            if (read > 0 && Interlocked.Exchange(ref _cut, 0) == 1)
            {
                cut();
                throw new IOException("connection cut by the test server in the middle of DATA");
            }

            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>A message the test server accepted: the envelope and the bytes after DATA.</summary>
internal sealed record ReceivedMessage(string MailFrom, IReadOnlyList<string> Recipients, byte[] Data)
{
    public MimeKit.MimeMessage Parse()
    {
        using var stream = new MemoryStream(Data, writable: false);
        return MimeKit.MimeMessage.Load(stream);
    }

    /// <summary>The header block as sent, folded lines and all.</summary>
    public string RawHeaders
    {
        get
        {
            var text = System.Text.Encoding.Latin1.GetString(Data);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            return end < 0 ? text : text[..(end + 2)];
        }
    }
}
