using System.Text;
using InvestChn.Delivery.Smtp;

namespace InvestChn.Tests.Delivery;

/// <summary>
/// The layer under MailKit: everything goes out at a flush, except a held end of data; DATA goes
/// out with the envelope, and MailKit still reads the replies it expects in its order.
/// </summary>
public class SmtpWireStreamTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Flush_NoHold_WritesEverythingAtOnce(bool blocking)
    {
        var wire = new CountingStream();
        await using var stream = new SmtpWireStream(wire);

        await WriteInPiecesAsync(stream, blocking, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n");
        Assert.Empty(wire.Text);
        await FlushAsync(stream, blocking);

        Assert.Equal("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n", wire.Text);
        Assert.Equal(1, wire.Writes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Flush_HeldLargeMessage_SendsTheBodyButNotTheEndUntilReleased(bool blocking)
    {
        var wire = new CountingStream();
        await using var stream = new SmtpWireStream(wire);
        var body = string.Concat(Enumerable.Repeat("投促中国 line of base64-ish text\r\n.. a stuffed dot line\r\n", 4000));
        var hold = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        stream.HoldEndOfData(hold.Task);

        await WriteInPiecesAsync(stream, blocking, body + ".\r\n");
        var flush = FlushAsync(stream, blocking);
        await Task.Delay(100);

        // Past the buffer the body went out early, but never the final dot.
        Assert.False(flush.IsCompleted);
        Assert.True(wire.Length > 64 * 1024, $"only {wire.Length} bytes went out early");
        Assert.False(wire.Text.EndsWith("\r\n.\r\n", StringComparison.Ordinal));
        hold.SetResult(true);
        await flush;
        Assert.Equal(body + ".\r\n", wire.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Flush_HeldSmallMessage_SendsAllButTheFinalDotUntilReleased(bool blocking)
    {
        var wire = new CountingStream();
        await using var stream = new SmtpWireStream(wire);
        var hold = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        stream.HoldEndOfData(hold.Task);

        await WriteInPiecesAsync(stream, blocking, "Subject: 投促中国\r\n\r\nbody\r\n.\r\n");
        var flush = FlushAsync(stream, blocking);
        await Task.Delay(100);

        Assert.False(flush.IsCompleted);
        Assert.Equal("Subject: 投促中国\r\n\r\nbody\r\n", wire.Text);
        hold.SetResult(true);
        await flush;
        Assert.Equal("Subject: 投促中国\r\n\r\nbody\r\n.\r\n", wire.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Flush_HoldAnsweredFalse_FailsAndTheEndNeverLeaves(bool blocking)
    {
        var wire = new CountingStream();
        await using var stream = new SmtpWireStream(wire);
        stream.HoldEndOfData(Task.FromResult(false));

        await WriteInPiecesAsync(stream, blocking, "Subject: x\r\n\r\nbody\r\n.\r\n");

        await Assert.ThrowsAsync<IOException>(() => FlushAsync(stream, blocking));
        Assert.DoesNotContain("\r\n.\r\n", wire.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Flush_HeldButFlushingCommands_DoesNotWait(bool blocking)
    {
        var wire = new CountingStream();
        await using var stream = new SmtpWireStream(wire);
        stream.HoldEndOfData(new TaskCompletionSource<bool>().Task);

        await WriteInPiecesAsync(stream, blocking, "DATA\r\n");
        await FlushAsync(stream, blocking).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("DATA\r\n", wire.Text);
    }

    [Fact]
    public async Task Flush_BlockingHeldPastItsDeadline_CancelledAndTheEndNeverLeaves()
    {
        var wire = new CountingStream();
        await using var stream = new SmtpWireStream(wire);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        stream.HoldEndOfData(new TaskCompletionSource<bool>().Task, deadline.Token);

        await WriteInPiecesAsync(stream, blocking: true, "Subject: x\r\n\r\nbody\r\n.\r\n");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FlushAsync(stream, blocking: true).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("Subject: x\r\n\r\nbody\r\n", wire.Text);
    }

    [Fact]
    public void Flush_EnvelopeWithPipelining_SendsDataWithItAndHandsTheRepliesOverOneByOne()
    {
        var wire = new ScriptedWire("250 2.1.0 ok\r\n250 2.1.5 ok\r\n354 go on\r\n");
        using var stream = new SmtpWireStream(wire) { PipelineData = true };

        stream.Write("MAIL FROM:<digest@investchn.com>\r\nRCPT TO:<wang.li@example.com>\r\n"u8);
        stream.Flush();
        Assert.Equal("MAIL FROM:<digest@investchn.com>\r\nRCPT TO:<wang.li@example.com>\r\nDATA\r\n", wire.Written);
        Assert.Equal(1, wire.Writes);

        // The relay answered all three at once; the third waits until MailKit sends DATA.
        Assert.Equal("250 2.1.0 ok\r\n", ReadOnce(stream));
        Assert.Equal("250 2.1.5 ok\r\n", ReadOnce(stream));
        stream.Write("DATA\r\n"u8);
        stream.Flush();
        Assert.Equal(1, wire.Writes);
        Assert.Equal("354 go on\r\n", ReadOnce(stream));

        // The message itself goes out as written.
        stream.Write("Subject: x\r\n\r\nbody\r\n.\r\n"u8);
        stream.Flush();
        Assert.EndsWith("DATA\r\nSubject: x\r\n\r\nbody\r\n.\r\n", wire.Written, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RepliesInPiecesAndOnSeveralLines_EachWholeReplyHandedOverAlone()
    {
        var wire = new ScriptedWire("250-first line\r\n25", "0 last line\r\n250 ok\r\n3", "54 go on\r\n");
        using var stream = new SmtpWireStream(wire) { PipelineData = true };
        stream.Write("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n"u8);
        stream.Flush();

        Assert.Equal("250-first line\r\n250 last line\r\n", ReadAll(stream, 1));
        Assert.Equal("250 ok\r\n", ReadAll(stream, 1));
        stream.Write("DATA\r\n"u8);
        stream.Flush();
        Assert.Equal("354 go on\r\n", ReadAll(stream, 1));
    }

    [Fact]
    public void Flush_ResetAfterARefusedRecipient_TheDataReplyIsReadAndDropped()
    {
        var wire = new ScriptedWire("250 ok\r\n550 5.1.1 no such user\r\n554 5.5.1 no valid recipients\r\n", "250 2.0.0 reset\r\n");
        using var stream = new SmtpWireStream(wire) { PipelineData = true };
        stream.Write("MAIL FROM:<a@example.com>\r\nRCPT TO:<nobody@example.com>\r\n"u8);
        stream.Flush();
        Assert.Equal("250 ok\r\n", ReadOnce(stream));
        Assert.Equal("550 5.1.1 no such user\r\n", ReadOnce(stream));

        stream.Write("RSET\r\n"u8);
        stream.Flush();

        Assert.EndsWith("DATA\r\nRSET\r\n", wire.Written, StringComparison.Ordinal);
        Assert.Equal("250 2.0.0 reset\r\n", ReadOnce(stream));
    }

    [Fact]
    public void Flush_RelayTookDataDespiteTheRefusal_FailsAndSendsNothingMore()
    {
        var wire = new ScriptedWire("250 ok\r\n550 5.1.1 no such user\r\n354 go on\r\n");
        using var stream = ThroughEnvelope(wire);

        stream.Write("RSET\r\n"u8);

        // Anything written now would become the text of a message.
        Assert.Throws<IOException>(stream.Flush);
        Assert.EndsWith("\r\nDATA\r\n", wire.Written, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n")]
    [InlineData(true, "MAIL FROM:<a@example.com>\r\n")]
    [InlineData(true, "RCPT TO:<b@example.com>\r\n")]
    [InlineData(true, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nNOOP\r\n")]
    [InlineData(true, "EHLO investchn.com\r\n")]
    public void Flush_NoPipeliningOrNotAnEnvelope_WrittenAsItIsAndRepliesUntouched(bool pipelineData, string commands)
    {
        var wire = new ScriptedWire("250 ok\r\n250 ok\r\n");
        using var stream = new SmtpWireStream(wire) { PipelineData = pipelineData };

        stream.Write(Encoding.ASCII.GetBytes(commands));
        stream.Flush();

        Assert.Equal(commands, wire.Written);
        Assert.Equal("250 ok\r\n250 ok\r\n", ReadOnce(stream));
    }

    [Fact]
    public void Read_WrittenButNeverFlushed_GoesOutBeforeTheRead()
    {
        // MailKit hands a full 4 KiB buffer down without a flush, and does not flush an empty one.
        var wire = new ScriptedWire("250 2.0.0 queued\r\n");
        using var stream = new SmtpWireStream(wire);
        stream.Write("Subject: x\r\n\r\nbody\r\n.\r\n"u8);

        var reply = ReadOnce(stream);

        Assert.Equal("Subject: x\r\n\r\nbody\r\n.\r\n", wire.Written);
        Assert.Equal("250 2.0.0 queued\r\n", reply);
    }

    [Fact]
    public async Task Flush_PipelinedEnvelopeThenHeldData_TheEndWaitsForTheHold()
    {
        var wire = new ScriptedWire("250 ok\r\n250 ok\r\n354 go on\r\n", "250 2.0.0 queued\r\n");
        await using var stream = ThroughEnvelope(wire);
        stream.Write("DATA\r\n"u8);
        stream.Flush();
        Assert.Equal("354 go on\r\n", ReadOnce(stream));
        var hold = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        stream.HoldEndOfData(hold.Task);

        await WriteInPiecesAsync(stream, blocking: true, "Subject: x\r\n\r\nbody\r\n.\r\n");
        var flush = FlushAsync(stream, blocking: true);
        await Task.Delay(100);

        Assert.False(flush.IsCompleted);
        Assert.EndsWith("DATA\r\nSubject: x\r\n\r\nbody\r\n", wire.Written, StringComparison.Ordinal);
        hold.SetResult(true);
        await flush.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.EndsWith("body\r\n.\r\n", wire.Written, StringComparison.Ordinal);
        Assert.Equal("250 2.0.0 queued\r\n", ReadOnce(stream));
    }

    [Fact]
    public void Flush_EnvelopeLongerThanMailKitMayFlushInPart_NoDataAdded()
    {
        // MailKit flushes its 4 KiB command buffer when the next RCPT does not fit: a flush this
        // long may be the first part of an envelope, and DATA in the middle would break it.
        var commands = "MAIL FROM:<digest@investchn.com>\r\n" +
            string.Concat(Enumerable.Range(0, 80).Select(i => $"RCPT TO:<reader{i}@example.com>\r\n"));
        var wire = new ScriptedWire();
        using var stream = new SmtpWireStream(wire) { PipelineData = true };

        stream.Write(Encoding.ASCII.GetBytes(commands));
        stream.Flush();

        Assert.True(commands.Length > 2048);
        Assert.Equal(commands, wire.Written);
    }

    [Fact]
    public void Read_RelayClosesBeforeAnsweringTheEnvelope_WhatCameThenTheEnd()
    {
        var wire = new ScriptedWire("250 ok\r\n421 4.3.2 shutting");
        using var stream = new SmtpWireStream(wire) { PipelineData = true };
        stream.Write("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n"u8);
        stream.Flush();

        Assert.Equal("250 ok\r\n", ReadOnce(stream));
        Assert.Equal("421 4.3.2 shutting", ReadOnce(stream));
        Assert.Equal(0, stream.Read(new byte[100]));
    }

    /// <summary>Writes in MailKit's 4 KiB pieces, with the blocking or the asynchronous calls.</summary>
    private static async Task WriteInPiecesAsync(Stream stream, bool blocking, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var offset = 0; offset < bytes.Length; offset += 4096)
        {
            var piece = bytes.AsMemory(offset, Math.Min(4096, bytes.Length - offset));
            if (blocking)
            {
                stream.Write(piece.Span);
            }
            else
            {
                await stream.WriteAsync(piece);
            }
        }
    }

    /// <summary>A flush; a blocking one runs on a thread of its own, as on a connection's thread.</summary>
    private static Task FlushAsync(Stream stream, bool blocking) =>
        blocking ? Task.Factory.StartNew(stream.Flush, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default) : stream.FlushAsync();

    /// <summary>Pipelining on, an envelope of one recipient flushed (DATA went with it), and both its replies read.</summary>
    private static SmtpWireStream ThroughEnvelope(ScriptedWire wire)
    {
        var stream = new SmtpWireStream(wire) { PipelineData = true };
        stream.Write("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n"u8);
        stream.Flush();
        ReadOnce(stream);
        ReadOnce(stream);
        return stream;
    }

    /// <summary>One read with a buffer larger than any reply, as MailKit reads.</summary>
    private static string ReadOnce(Stream stream)
    {
        var buffer = new byte[4096];
        return Encoding.ASCII.GetString(buffer, 0, stream.Read(buffer));
    }

    /// <summary>Reads <paramref name="size"/> bytes at a time until a line ends in a reply's last line.</summary>
    private static string ReadAll(Stream stream, int size)
    {
        var text = new StringBuilder();
        var buffer = new byte[size];
        while (!(text.Length > 5 && text[^1] == '\n' && LastLine(text.ToString())[3] == ' '))
        {
            var count = stream.Read(buffer);
            Assert.NotEqual(0, count);
            text.Append(Encoding.ASCII.GetString(buffer, 0, count));
        }

        return text.ToString();

        static string LastLine(string replies) => replies.TrimEnd('\r', '\n').Split('\n')[^1];
    }

    /// <summary>A wire whose far end has sent <c>chunks</c>, each arriving as one read; it keeps and counts what it is written.</summary>
    private sealed class ScriptedWire(params string[] chunks) : Stream
    {
        private readonly Queue<byte[]> _incoming = new(chunks.Select(Encoding.ASCII.GetBytes));
        private readonly MemoryStream _written = new();

        public int Writes { get; private set; }

        public string Written => Encoding.UTF8.GetString(_written.ToArray());

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (!_incoming.TryDequeue(out var chunk))
            {
                return 0;
            }

            var count = Math.Min(buffer.Length, chunk.Length);
            chunk.AsSpan(0, count).CopyTo(buffer);
            if (count < chunk.Length)
            {
                // The rest arrives with the next read.
                var rest = new Queue<byte[]>([chunk[count..], .. _incoming]);
                _incoming.Clear();
                foreach (var piece in rest)
                {
                    _incoming.Enqueue(piece);
                }
            }

            return count;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            _written.Write(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>A wire that keeps what it is given and counts the writes.</summary>
    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public string Text => Encoding.UTF8.GetString(ToArray());

        // The asynchronous writes of a memory stream end up in one of these.
        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            base.Write(buffer);
        }
    }
}
