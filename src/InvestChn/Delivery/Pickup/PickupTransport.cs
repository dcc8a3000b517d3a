using InvestChn.Digests;
using Microsoft.Extensions.Options;
using MimeKit;

namespace InvestChn.Delivery.Pickup;

/// <summary>
/// Writes each message as an <c>.eml</c> file in <c>Mail:PickupDirectory</c> (used when <c>Smtp:Host</c>
/// is empty). A file is named after its Message-ID and appears whole or not at all, so a resend
/// replaces the same file.
/// </summary>
public sealed class PickupTransport(IOptions<MailOptions> mail, IOptions<SmtpOptions> smtp) : IMailTransport
{
    private static readonly FormatOptions CrLf = CreateFormat();

    private readonly string _directory = Path.GetFullPath(mail.Value.PickupDirectory);

    public int Connections => smtp.Value.Connections;

    public string Destination => "pickup folder " + _directory;

    public IMailConnection Open() => new PickupConnection(_directory);

    /// <summary>The file name of a message: its Message-ID with every character outside [A-Za-z0-9.-] replaced.</summary>
    public static string FileNameOf(string messageId) =>
        new string(messageId.Trim('<', '>').Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_').ToArray()) + ".eml";

    /// <summary>Files hold the message exactly as SMTP would carry it: CRLF line ends.</summary>
    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    private sealed class PickupConnection(string directory) : IMailConnection
    {
        public async Task<SendOutcome> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
        {
            var path = Path.Combine(directory, FileNameOf(message.MessageId ?? throw new ArgumentException("The message has no Message-ID.", nameof(message))));
            var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
            try
            {
                Directory.CreateDirectory(directory);
                await using (var stream = File.Create(temporary))
                {
                    await message.WriteToAsync(CrLf, stream, cancellationToken);
                    await stream.FlushAsync(cancellationToken);
                }

                File.Move(temporary, path, overwrite: true);
                return new SendOutcome(SendStatus.Sent, "written to " + path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk or a read-only folder stops the run like an unreachable relay.
                return new SendOutcome(SendStatus.Unreachable, $"cannot write to {directory}: {e.Message}");
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
