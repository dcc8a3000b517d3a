using System.Buffers;

namespace InvestChn.Delivery.Smtp;

/// <summary>
/// The write side of an SMTP connection. What MailKit writes stays here until it flushes, so a
/// command group or a whole message leaves in one write rather than in MailKit's 4 KiB pieces; and
/// the end of a message's data (the line holding a single dot, after which the relay takes the
/// message) can be held back until a task completes, while everything before it goes out.
/// </summary>
/// <remarks>
/// Dot-stuffing guarantees that CRLF "." CRLF occurs in the data stream only as its end. Whatever
/// is written beyond the buffer goes out early except its last bytes, so the end of the data is
/// always still here when MailKit flushes it.
/// </remarks>
internal sealed class HeldWriteStream(Stream inner) : Stream
{
    private const int BufferBytes = 64 * 1024;

    /// <summary>Bytes kept back when the buffer overflows: enough for the dot and its line end.</summary>
    private const int Tail = 4;

    private static ReadOnlySpan<byte> EndOfData => "\r\n.\r\n"u8;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(2 * BufferBytes);
    private int _length;
    private Task<bool>? _hold;
    private CancellationToken _holdCancellation;

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

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

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
