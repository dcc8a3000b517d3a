using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace InvestChn.Delivery.Smtp;

/// <summary>
/// Hands messages to the relay in <c>Smtp:*</c> with MailKit: each connection is one
/// <see cref="SmtpClient"/> kept open for many messages and reconnected when lost.
/// SMTP replies become <see cref="SendOutcome"/>s by their codes: 4xx later, 5xx never.
/// </summary>
/// <remarks>
/// <para>
/// Each connection talks SMTP on a thread of its own with MailKit's synchronous API over a
/// blocking socket: a reply wakes that thread directly, where asynchronous reads would go from the
/// socket's event thread through the thread pool several times per message. Callers get a task
/// completed on that thread, so what they do next (hand over the next message) runs there too
/// rather than waking another thread; they must not block in it.
/// </para>
/// <para>
/// The socket has Nagle's algorithm off and sits behind a 64 KiB write buffer, so each command
/// group and each message leaves in one write rather than in MailKit's 4 KiB pieces. That buffer
/// can also hold back the end of a message's data (see <see cref="SmtpWireStream"/>): the
/// dispatcher transfers the next message while the previous one's result is being recorded, and
/// the relay takes it only once that is done (without TLS; under TLS the next message waits).
/// Without TLS, and when the relay pipelines, DATA goes out with MAIL FROM and RCPT TO, so a
/// message costs two round trips rather than three.
/// Each step (connecting with its greeting and login, one message, the goodbye) must finish within
/// <c>Smtp:TimeoutSeconds</c>.
/// </para>
/// </remarks>
public sealed class SmtpTransport(IOptions<SmtpOptions> options) : IMailTransport
{
    public int Connections => options.Value.Connections;

    public string Destination => $"smtp://{options.Value.Host}:{options.Value.Port.ToString(CultureInfo.InvariantCulture)} ({options.Value.Security})";

    /// <summary>Replaces MailKit's check of the relay's certificate (tests trust a certificate they made; unset in the product).</summary>
    internal RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    public IMailConnection Open() => new SmtpConnection(options.Value, CertificateValidation);

    /// <summary>
    /// Whether DATA may go out with the envelope (see <see cref="SmtpWireStream"/>): the relay
    /// pipelines, and MailKit will send DATA. Under TLS the stream under MailKit only sees
    /// encrypted bytes. MailKit sends binary content with BDAT rather than DATA when the relay
    /// offers BINARYMIME; a plain SmtpClient, as here, never prefers BDAT otherwise.
    /// </summary>
    internal static bool MayPipelineData(SmtpCapabilities capabilities, bool secure) =>
        !secure && capabilities.HasFlag(SmtpCapabilities.Pipelining) && !capabilities.HasFlag(SmtpCapabilities.BinaryMime);

    private sealed class SmtpConnection(SmtpOptions options, RemoteCertificateValidationCallback? certificateValidation) : IMailConnection
    {
        private readonly SmtpClient _client = new() { Timeout = options.TimeoutSeconds * 1000, ServerCertificateValidationCallback = certificateValidation };
        private readonly SemaphoreSlim _posted = new(0);
        private Thread? _thread;
        private Work? _work;
        private Socket? _socket;
        private SmtpWireStream? _stream;

        /// <summary>One request for the connection's thread: a message to send, or (none) the goodbye; completed on that thread.</summary>
        private sealed record Work(MimeMessage? Message, Task<bool>? After, CancellationToken CancellationToken)
        {
            public TaskCompletionSource<SendOutcome> Done { get; } = new();
        }

        public Task<SendOutcome> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(message);
            return Post(new Work(message, null, cancellationToken));
        }

        // A previous result already recorded holds nothing back.
        public Task<SendOutcome> SendAfterAsync(MimeMessage message, Task<bool> after, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(message);
            ArgumentNullException.ThrowIfNull(after);
            return Post(new Work(message, after is { IsCompletedSuccessfully: true, Result: true } ? null : after, cancellationToken));
        }

        public async ValueTask DisposeAsync()
        {
            if (_thread is not null)
            {
                await Post(new Work(null, null, CancellationToken.None));
            }

            _client.Dispose();
            _posted.Dispose();
        }

        private Task<SendOutcome> Post(Work work)
        {
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "SMTP " + options.Host };
                _thread.Start();
            }

            // Callers send one message at a time; a request the thread has not taken up yet would be
            // lost under a second one.
            if (Interlocked.CompareExchange(ref _work, work, null) is not null)
            {
                throw new InvalidOperationException("An SMTP connection sends one message at a time.");
            }

            _posted.Release();
            return work.Done.Task;
        }

        private void Run()
        {
            while (true)
            {
                _posted.Wait();
                var work = Interlocked.Exchange(ref _work, null)!;
                try
                {
                    if (work.Message is null)
                    {
                        Quit();
                        // The goodbye sends nothing; its caller only waits for it.
                        work.Done.SetResult(SendOutcome.HeldBack);
                        return;
                    }

                    work.Done.SetResult(Send(work.Message, work.After, work.CancellationToken));
                }
                catch (Exception e)
                {
                    work.Done.TrySetException(e);
                }
            }
        }

        private SendOutcome Send(MimeMessage message, Task<bool>? after, CancellationToken cancellationToken)
        {
            if (!_client.IsConnected && Connect(cancellationToken) is { } unreachable)
            {
                // Nothing was transferred; whoever waits on the previous result still sees it.
                return unreachable;
            }

            if (after is not null && _client.IsSecure)
            {
                // Under TLS the bytes below MailKit are encrypted and the end of the data cannot
                // be told apart: the message waits for the previous result before it starts.
                if (!after.GetAwaiter().GetResult())
                {
                    return SendOutcome.HeldBack;
                }

                after = null;
            }

            try
            {
                using var deadline = Deadline(cancellationToken);
                if (after is not null)
                {
                    _stream!.HoldEndOfData(after, deadline.Token);
                }

                var reply = _client.Send(message, deadline.Token);
                return new SendOutcome(SendStatus.Sent, "250 " + reply);
            }
            catch (SmtpCommandException e)
            {
                var code = (int)e.StatusCode;
                var reply = $"{code.ToString(CultureInfo.InvariantCulture)} {e.Message}";
                if (code is >= 400 and < 500)
                {
                    return new SendOutcome(SendStatus.Transient, reply);
                }

                // Refused at RCPT (or, with one recipient, the data refused with a recipient's
                // code): the address is bad. Refused at MAIL FROM is about us, not them, and so is
                // a refusal on policy grounds (enhanced code 5.7.x: relaying denied, our address
                // or network blocked), which a relay gives every recipient alike.
                var policy = e.Message.TrimStart().StartsWith("5.7.", StringComparison.Ordinal);
                var recipient = !policy && (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted ||
                    (e.ErrorCode == SmtpErrorCode.MessageNotAccepted && code is 550 or 551 or 553));
                return new SendOutcome(SendStatus.Permanent, reply, recipient);
            }
            catch (Exception e) when (e is IOException or SocketException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException ||
                                      (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The message may or may not have arrived; it is retried with the same Message-ID.
                Drop();
                return new SendOutcome(SendStatus.Transient, "connection lost: " + e.Message);
            }
            finally
            {
                _stream?.Release();
            }
        }

        private SendOutcome? Connect(CancellationToken cancellationToken)
        {
            try
            {
                var security = options.Security switch
                {
                    SmtpSecurity.None => SecureSocketOptions.None,
                    SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                    SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                    _ => SecureSocketOptions.Auto,
                };

                using var deadline = Deadline(cancellationToken);
                var host = options.Host.Trim();
                var addresses = Dns.GetHostAddressesAsync(host, deadline.Token).GetAwaiter().GetResult();

                // The socket only ever sees blocking calls: one asynchronous call would turn it
                // non-blocking for good, and every blocking call after it would be emulated through
                // the socket's event thread. The timeouts bound each call (connect included); the
                // deadline bounds the step. Nagle's algorithm is off: MailKit leaves it on, and then
                // the last short write of every message (the end of the data, or a command) waits
                // for the server's delayed ACK, some 40 ms, before it leaves.
                var milliseconds = options.TimeoutSeconds * 1000;
                _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = milliseconds, SendTimeout = milliseconds };
                _socket.Connect(addresses, options.Port);
                _stream = new SmtpWireStream(new NetworkStream(_socket, ownsSocket: true));
                _client.Connect(_stream, host, options.Port, security, deadline.Token);
                if (options.UserName.Length > 0)
                {
                    _client.Authenticate(options.UserName, options.Password, deadline.Token);
                }

                _stream.PipelineData = MayPipelineData(_client.Capabilities, _client.IsSecure);

                return null;
            }
            catch (Exception e) when (e is IOException or SocketException or TimeoutException or SmtpProtocolException or SmtpCommandException or
                                          AuthenticationException or SslHandshakeException or NotSupportedException ||
                                      (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                Drop();
                return new SendOutcome(SendStatus.Unreachable, $"cannot open a session with {options.Host}:{options.Port.ToString(CultureInfo.InvariantCulture)}: {e.Message}");
            }
        }

        private void Quit()
        {
            if (_client.IsConnected)
            {
                try
                {
                    using var deadline = Deadline(CancellationToken.None);
                    _client.Disconnect(quit: true, deadline.Token);
                }
                catch (Exception e) when (e is IOException or SocketException or TimeoutException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
                {
                    // QUIT is a courtesy; the messages are already recorded.
                }
            }

            CloseStream();
        }

        private void Drop()
        {
            try
            {
                _client.Disconnect(quit: false);
            }
            catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or OperationCanceledException)
            {
                // Already gone.
            }

            CloseStream();
        }

        private void CloseStream()
        {
            var (stream, socket) = (_stream, _socket);
            (_stream, _socket) = (null, null);
            try
            {
                stream?.Dispose();
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // Unflushed bytes of a dropped connection: nothing to save.
            }

            socket?.Dispose();
        }

        /// <summary>
        /// The time one step may take, cancelled with the caller's token too. A blocking read or
        /// write does not see a token: when the step runs out of time the socket is shut down
        /// under it, and it fails at once.
        /// </summary>
        private Deadline Deadline(CancellationToken cancellationToken) => new(this, TimeSpan.FromSeconds(options.TimeoutSeconds), cancellationToken);

        /// <summary>Ends whatever blocking call the connection's thread is in (it then fails at once).</summary>
        public void ShutDown()
        {
            try
            {
                _socket?.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Not connected yet, or already closed.
            }
        }
    }

    /// <summary>The time limit of one step on a connection: its socket is shut down when it runs out.</summary>
    private sealed class Deadline : IDisposable
    {
        private readonly CancellationTokenSource _source;
        private readonly CancellationTokenRegistration _shutdown;

        public Deadline(SmtpConnection connection, TimeSpan limit, CancellationToken cancellationToken)
        {
            _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _source.CancelAfter(limit);
            _shutdown = _source.Token.UnsafeRegister(static state => ((SmtpConnection)state!).ShutDown(), connection);
        }

        public CancellationToken Token => _source.Token;

        public void Dispose()
        {
            _shutdown.Dispose();
            _source.Dispose();
        }
    }
}
