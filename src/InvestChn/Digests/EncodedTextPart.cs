using System.Text;
using MailKit.Net.Smtp;
using MimeKit;
using MimeKit.IO;

namespace InvestChn.Digests;

/// <summary>
/// A UTF-8 text part whose content is already base64 in CRLF lines. Written with CRLF line ends
/// (SMTP, DKIM, .eml files) the content goes out as it is, rather than through MimeKit's
/// byte-by-byte line-ending filter, which costs as much as rendering the digest; any other line
/// ending goes the ordinary way. Either way the bytes are those of an ordinary base64 text part.
/// </summary>
/// <remarks>
/// MailKit sends a message's DATA through a <see cref="FilteredStream"/> over its SMTP stream
/// (an internal type) whose one filter doubles a dot at the start of a line, looking at every
/// byte. Base64 has no dots, and the content starts and ends at the start of a line as the
/// filter's state says, so the filter would pass it unchanged and end in the state it began in:
/// the content is written to the SMTP stream under the filter.
/// </remarks>
internal sealed class EncodedTextPart : TextPart
{
    private static readonly Type? SmtpStream = typeof(SmtpClient).Assembly.GetType("MailKit.Net.Smtp.SmtpStream");

    private readonly byte[] _base64;
    private readonly bool _wholeLinesWithoutDots;

    public EncodedTextPart(string subtype, byte[] base64)
        : base(subtype)
    {
        _base64 = base64;
        _wholeLinesWithoutDots = base64.Length == 0 || (base64[^1] == (byte)'\n' && !base64.AsSpan().Contains((byte)'.'));
        ContentTransferEncoding = ContentEncoding.Base64;
        ContentType.CharsetEncoding = Encoding.UTF8;
        Content = new MimeContent(new MemoryStream(base64, writable: false), ContentEncoding.Base64);
    }

    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stream);
        if (options.NewLineFormat != NewLineFormat.Dos)
        {
            base.WriteTo(options, stream, contentOnly, cancellationToken);
            return;
        }

        // The headers as MimeKit writes them (a part without content writes nothing more) ...
        var content = Content;
        Content = null;
        try
        {
            base.WriteTo(options, stream, contentOnly, cancellationToken);
        }
        finally
        {
            Content = content;
        }

        // ... then the content, whose lines already end in CRLF.
        cancellationToken.ThrowIfCancellationRequested();
        ContentStream(stream).Write(_base64, 0, _base64.Length);
    }

    public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stream);
        if (options.NewLineFormat != NewLineFormat.Dos)
        {
            await base.WriteToAsync(options, stream, contentOnly, cancellationToken);
            return;
        }

        var content = Content;
        Content = null;
        try
        {
            await base.WriteToAsync(options, stream, contentOnly, cancellationToken);
        }
        finally
        {
            Content = content;
        }

        await ContentStream(stream).WriteAsync(_base64, cancellationToken);
    }

    /// <summary>Where the content goes: under MailKit's dot-stuffing, when it is that (see the remarks); else <paramref name="stream"/>.</summary>
    private Stream ContentStream(Stream stream) =>
        _wholeLinesWithoutDots && stream is FilteredStream { Source: { } data } && data.GetType() == SmtpStream ? data : stream;
}
