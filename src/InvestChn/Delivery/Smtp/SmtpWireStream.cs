using System.Buffers;

namespace InvestChn.Delivery.Smtp;

/// <summary>
/// What MailKit writes to and reads from an SMTP connection, one layer above the socket. Writes
/// stay here until MailKit flushes, so a command group or a whole message leaves in one write
/// rather than in MailKit's 4 KiB pieces. The end of a message's data (the line holding a single
/// dot, after which the relay takes the message) can be held back until a task completes, while
/// everything before it goes out. And DATA can go out together with the envelope.
/// </summary>
/// <remarks>
/// <para>
/// Dot-stuffing guarantees that CRLF "." CRLF occurs in the data stream only as its end. Whatever
/// is written beyond the buffer goes out early except its last bytes, so the end of the data is
/// always still here when MailKit flushes it.
/// </para>
/// <para>
/// With <see cref="PipelineData"/> on, a flush that holds exactly an envelope (MAIL FROM, then one
/// or more RCPT TO) also sends DATA: RFC 2920 lets DATA end a pipelined group, and the relay then
/// answers all three in one go. That saves a round trip per message, which MailKit would spend
/// sending DATA only after reading the envelope's replies. MailKit still sends DATA itself later:
/// that write is dropped here, and the reply to the DATA already sent is withheld from MailKit
/// until then, so it reads the replies it expects in the order it expects them. When MailKit goes
/// another way instead (RSET after a refused recipient), the DATA reply is read and thrown away
/// first; had the relay accepted DATA anyway, it would now take the next command as message
/// text, so the connection is dropped instead (the refusal still stands; the next message goes
/// out on a new connection).
/// </para>
/// </remarks>
internal sealed class SmtpWireStream(Stream inner) : Stream
{
    private const int BufferBytes = 64 * 1024;

    /// <summary>Bytes kept back when the buffer overflows: enough for the dot and its line end.</summary>
    private const int Tail = 4;

    private static ReadOnlySpan<byte> EndOfData => "\r\n.\r\n"u8;

    private static ReadOnlySpan<byte> Data => "DATA\r\n"u8;

    /// <summary>
    /// The longest envelope that gets DATA: MailKit flushes its 4 KiB command buffer early when the
    /// next command does not fit, so a larger flush may hold only the first recipients. No command
    /// line comes near 2 KiB (RFC 5321 allows 512 octets), so a flush this short is a whole envelope.
    /// </summary>
    private const int MaxEnvelopeBytes = 2048;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(2 * BufferBytes);
    private int _length;
    private Task<bool>? _hold;
    private CancellationToken _holdCancellation;

    /// <summary>Replies read from the wire and not yet handed to MailKit, from <see cref="_readStart"/> to <see cref="_readEnd"/>.</summary>
    private byte[] _read = [];
    private int _readStart;
    private int _readEnd;

    /// <summary>Of those, how many bytes MailKit may have now.</summary>
    private int _readable;

    /// <summary>True while the reply to a DATA sent with the envelope is withheld.</summary>
    private bool _dataAhead;

    /// <summary>Replies MailKit reads before that one: one per envelope command not yet answered to it.</summary>
    private int _repliesBefore;

    /// <summary>
    /// Whether DATA may go out with the envelope. Only when the relay announced PIPELINING, MailKit
    /// sends DATA rather than BDAT, and nothing encrypts between MailKit and this stream.
    /// </summary>
    public bool PipelineData { get; set; }

    /// <summary>
    /// Holds the next end of data until <paramref name="until"/> completes: true lets it go, false
    /// fails the write with an <see cref="IOException"/> (the relay never takes that message).
    /// </summary>
    /// <remarks>
    /// <see cref="Flush"/> blocks on the task until it completes or <paramref name="cancellationToken"/>
    /// is cancelled. The connection writes with blocking calls only; the asynchronous ones are
    /// <see cref="Stream"/>'s, which run the blocking ones on the thread pool.
    /// </remarks>
    public void HoldEndOfData(Task<bool> until, CancellationToken cancellationToken = default)
    {
        _hold = until;
        _holdCancellation = cancellationToken;
    }

    /// <summary>Forgets a hold that was not needed (the message failed before its end).</summary>
    public void Release()
    {
        _hold = null;
        _holdCancellation = default;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // MailKit hands its 4 KiB buffer down whenever it fills, and its flush does not reach this
        // stream when that left it empty: data ending exactly at such a boundary would wait here
        // while MailKit waits for the reply to it. A read always follows what MailKit sends.
        if (_length > 0)
        {
            Flush();
        }

        if (!_dataAhead && _readStart == _readEnd)
        {
            return inner.Read(buffer);
        }

        if (_readable == 0 && !FindReadable())
        {
            return 0;
        }

        var count = Math.Min(buffer.Length, _readable);
        _read.AsSpan(_readStart, count).CopyTo(buffer);
        _readStart += count;
        _readable -= count;
        return count;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Append(buffer) is { } overflow)
        {
            inner.Write(_buffer, 0, overflow);
            Shift(overflow);
        }
    }

    public override void Flush()
    {
        if (_dataAhead && _length > 0)
        {
            if (_buffer.AsSpan(0, _length).SequenceEqual(Data))
            {
                // Already sent: MailKit now reads the reply it was kept from.
                _length = 0;
                _dataAhead = false;
                return;
            }

            DiscardDataReply();
        }
        else if (PipelineData && _length <= MaxEnvelopeBytes && CountEnvelope(_buffer.AsSpan(0, _length)) is > 0 and var commands)
        {
            Append(Data);
            _dataAhead = true;
            _repliesBefore = commands;
        }

        if (_hold is { } hold && _buffer.AsSpan(0, _length).EndsWith(EndOfData))
        {
            _hold = null;
            if (!hold.IsCompleted)
            {
                // The message goes over the wire meanwhile, all but the dot and its line end.
                var early = _length - (EndOfData.Length - 2);
                inner.Write(_buffer, 0, early);
                Shift(early);
            }

            hold.Wait(_holdCancellation);
            if (!hold.Result)
            {
                throw new IOException("the message was held back and not finished: the previous message's result could not be recorded");
            }
        }

        if (_length > 0)
        {
            inner.Write(_buffer, 0, _length);
            _length = 0;
        }

        inner.Flush();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            ReturnBuffer();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// MAIL FROM followed by RCPT TO lines and nothing else: how many commands; otherwise 0.
    /// MailKit writes command names in capitals.
    /// </summary>
    private static int CountEnvelope(ReadOnlySpan<byte> commands)
    {
        if (!commands.StartsWith("MAIL FROM:"u8) || !commands.EndsWith("\r\n"u8))
        {
            return 0;
        }

        var count = 0;
        while (!commands.IsEmpty)
        {
            if (count > 0 && !commands.StartsWith("RCPT TO:"u8))
            {
                return 0;
            }

            commands = commands[(commands.IndexOf((byte)'\n') + 1)..];
            count++;
        }

        return count > 1 ? count : 0;
    }

    /// <summary>
    /// Makes the next bytes MailKit may read available: while a DATA reply is withheld, only whole
    /// replies to the envelope; otherwise whatever has come. False at the end of the stream.
    /// </summary>
    private bool FindReadable()
    {
        while (true)
        {
            var unread = _read.AsSpan(_readStart, _readEnd - _readStart);
            if (_dataAhead && _repliesBefore > 0)
            {
                if (ReplyLength(unread) is > 0 and var reply)
                {
                    _repliesBefore--;
                    _readable = reply;
                    return true;
                }
            }
            else if (!unread.IsEmpty)
            {
                // With the envelope answered, MailKit reading on rather than sending DATA can only
                // want the next reply: the one to DATA.
                _dataAhead = false;
                _readable = unread.Length;
                return true;
            }

            if (!ReadMore())
            {
                // The relay closed the connection: MailKit gets what there is, then the end.
                _dataAhead = false;
                _readable = _readEnd - _readStart;
                return _readable > 0;
            }
        }
    }

    /// <summary>Reads past the reply to the DATA sent with the envelope, which MailKit did not follow with DATA.</summary>
    private void DiscardDataReply()
    {
        _dataAhead = false;
        if (_repliesBefore > 0)
        {
            throw new IOException("MailKit sent another command before reading the replies to the envelope");
        }

        while (true)
        {
            var unread = _read.AsSpan(_readStart, _readEnd - _readStart);
            if (ReplyLength(unread) is > 0 and var reply)
            {
                if (unread[0] == (byte)'3')
                {
                    throw new IOException("the relay accepted DATA although it refused the envelope; the connection is dropped so that nothing sent next becomes message text");
                }

                _readStart += reply;
                return;
            }

            if (!ReadMore())
            {
                throw new IOException("the relay closed the connection before answering DATA");
            }
        }
    }

    /// <summary>The length of the first whole reply (its last line has a space, or nothing, after the code); 0 while incomplete.</summary>
    private static int ReplyLength(ReadOnlySpan<byte> replies)
    {
        var length = 0;
        while (replies[length..].IndexOf((byte)'\n') is >= 0 and var end)
        {
            var line = replies.Slice(length, end);
            length += end + 1;
            if (line.Length < 4 || line[3] != (byte)'-')
            {
                return length;
            }
        }

        return 0;
    }

    /// <summary>Reads what the relay sent next after the unread bytes; false at the end of the stream.</summary>
    private bool ReadMore()
    {
        if (_readStart > 0)
        {
            _read.AsSpan(_readStart, _readEnd - _readStart).CopyTo(_read);
            _readEnd -= _readStart;
            _readStart = 0;
        }

        if (_readEnd == _read.Length)
        {
            Array.Resize(ref _read, Math.Max(4096, _read.Length * 2));
        }

        var count = inner.Read(_read, _readEnd, _read.Length - _readEnd);
        _readEnd += count;
        return count > 0;
    }

    /// <summary>Adds <paramref name="data"/>; past <see cref="BufferBytes"/>, how many of the first bytes must go out now (all but the tail).</summary>
    private int? Append(ReadOnlySpan<byte> data)
    {
        if (_length + data.Length > _buffer.Length)
        {
            Grow(_length + data.Length);
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
        return _length > BufferBytes ? _length - Tail : null;
    }

    /// <summary>Drops the first <paramref name="count"/> bytes, which went out.</summary>
    private void Shift(int count)
    {
        _buffer.AsSpan(count, _length - count).CopyTo(_buffer);
        _length -= count;
    }

    private void Grow(int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
