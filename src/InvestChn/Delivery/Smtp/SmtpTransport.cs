using System.Globalization;
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
/// The connection is a socket with Nagle's algorithm off behind a 64 KiB write buffer, so each
/// command group and each message leaves in one write rather than in MailKit's 4 KiB pieces. That
/// buffer can also hold back the end of a message's data (see <see cref="HeldWriteStream"/>): the
/// dispatcher transfers the next message while the previous one's result is being recorded, and
/// the relay takes it only once that is done (without TLS; under TLS the next message waits). Each step (connecting with its greeting and login,
/// one message, the goodbye) must finish within <c>Smtp:TimeoutSeconds</c>.
/// </remarks>
public sealed class SmtpTransport(IOptions<SmtpOptions> options) : IMailTransport
{
    public int Connections => options.Value.Connections;

    public string Destination => $"smtp://{options.Value.Host}:{options.Value.Port.ToString(CultureInfo.InvariantCulture)} ({options.Value.Security})";

    public IMailConnection Open() => new SmtpConnection(options.Value);

    private sealed class SmtpConnection(SmtpOptions options) : IMailConnection
    {
        private readonly SmtpClient _client = new() { Timeout = options.TimeoutSeconds * 1000 };
        private HeldWriteStream? _stream;

        public Task<SendOutcome> SendAsync(MimeMessage message, CancellationToken cancellationToken = default) =>
            SendHeldAsync(message, null, cancellationToken);

        // A previous result already recorded holds nothing back.
        public Task<SendOutcome> SendAfterAsync(MimeMessage message, Task<bool> after, CancellationToken cancellationToken = default) =>
            SendHeldAsync(message, after is { IsCompletedSuccessfully: true, Result: true } ? null : after, cancellationToken);

        private async Task<SendOutcome> SendHeldAsync(MimeMessage message, Task<bool>? after, CancellationToken cancellationToken)
        {
            if (!_client.IsConnected && await ConnectAsync(cancellationToken) is { } unreachable)
            {
                // Nothing was transferred; whoever waits on the previous result still sees it.
                return unreachable;
            }

            if (after is not null && _client.IsSecure)
            {
                // Under TLS the bytes below MailKit are encrypted and the end of the data cannot
                // be told apart: the message waits for the previous result before it starts.
                if (!await after)
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
                    _stream!.HoldEndOfData(after);
                }

                var reply = await _client.SendAsync(message, deadline.Token);
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
                await DropAsync();
                return new SendOutcome(SendStatus.Transient, "connection lost: " + e.Message);
            }
            finally
            {
                _stream?.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected)
            {
                try
                {
                    using var deadline = Deadline(CancellationToken.None);
                    await _client.DisconnectAsync(quit: true, deadline.Token);
                }
                catch (Exception e) when (e is IOException or SocketException or TimeoutException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
                {
                    // QUIT is a courtesy; the messages are already recorded.
                }
            }

            _client.Dispose();
            await CloseStreamAsync();
        }

        private async Task<SendOutcome?> ConnectAsync(CancellationToken cancellationToken)
        {
            Socket? socket = null;
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
                socket = await OpenSocketAsync(deadline.Token);
                _stream = new HeldWriteStream(new NetworkStream(socket, ownsSocket: true));
                await _client.ConnectAsync(_stream, options.Host.Trim(), options.Port, security, deadline.Token);
                if (options.UserName.Length > 0)
                {
                    await _client.AuthenticateAsync(options.UserName, options.Password, deadline.Token);
                }

                return null;
            }
            catch (Exception e) when (e is IOException or SocketException or TimeoutException or SmtpProtocolException or SmtpCommandException or
                                          AuthenticationException or SslHandshakeException or NotSupportedException ||
                                      (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                await DropAsync();
                socket?.Dispose();
                return new SendOutcome(SendStatus.Unreachable, $"cannot open a session with {options.Host}:{options.Port.ToString(CultureInfo.InvariantCulture)}: {e.Message}");
            }
        }

        /// <summary>
        /// A TCP connection to the relay with Nagle's algorithm off. MailKit leaves it on, and then
        /// the last short write of every message (the end of the data, or a command) waits for
        /// the server's delayed ACK, some 40 ms, before it leaves: a few dozen messages a second
        /// per connection at most, whatever the server's speed.
        /// </summary>
        private async Task<Socket> OpenSocketAsync(CancellationToken cancellationToken)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(options.Host.Trim(), options.Port, cancellationToken);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        private async Task DropAsync()
        {
            try
            {
                await _client.DisconnectAsync(quit: false);
            }
            catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or OperationCanceledException)
            {
                // Already gone.
            }

            await CloseStreamAsync();
        }

        private async Task CloseStreamAsync()
        {
            if (_stream is { } stream)
            {
                _stream = null;
                try
                {
                    await stream.DisposeAsync();
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
                {
                    // Unflushed bytes of a dropped connection: nothing to save.
                }
            }
        }

        /// <summary>
        /// The time one step may take (MailKit times out reads and writes only on streams it opens
        /// itself); cancelled with the caller's token too.
        /// </summary>
        private CancellationTokenSource Deadline(CancellationToken cancellationToken)
        {
            var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            return deadline;
        }
    }
}
