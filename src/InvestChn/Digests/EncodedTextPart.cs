using System.Text;
using MimeKit;

namespace InvestChn.Digests;

/// <summary>
/// A UTF-8 text part whose content is already base64 in CRLF lines. Written with CRLF line ends
/// (SMTP, DKIM, .eml files) the content goes out as it is, rather than through MimeKit's
/// byte-by-byte line-ending filter, which costs as much as rendering the digest; any other line
/// ending goes the ordinary way. Either way the bytes are those of an ordinary base64 text part.
/// </summary>
internal sealed class EncodedTextPart : TextPart
{
    private readonly byte[] _base64;

    public EncodedTextPart(string subtype, byte[] base64)
        : base(subtype)
    {
        _base64 = base64;
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
        stream.Write(_base64, 0, _base64.Length);
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

        await stream.WriteAsync(_base64, cancellationToken);
    }
}
