using System.Text;
using InvestChn.Delivery.Smtp;

namespace InvestChn.Tests.Delivery;

/// <summary>The connection's write buffer: everything goes out at a flush, except a held end of data.</summary>
public class HeldWriteStreamTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Flush_NoHold_WritesEverythingAtOnce(bool blocking)
    {
        var wire = new CountingStream();
        await using var stream = new HeldWriteStream(wire);

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
        await using var stream = new HeldWriteStream(wire);
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
        await using var stream = new HeldWriteStream(wire);
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
        await using var stream = new HeldWriteStream(wire);
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
        await using var stream = new HeldWriteStream(wire);
        stream.HoldEndOfData(new TaskCompletionSource<bool>().Task);

        await WriteInPiecesAsync(stream, blocking, "DATA\r\n");
        await FlushAsync(stream, blocking).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("DATA\r\n", wire.Text);
    }

    [Fact]
    public async Task Flush_BlockingHeldPastItsDeadline_CancelledAndTheEndNeverLeaves()
    {
        var wire = new CountingStream();
        await using var stream = new HeldWriteStream(wire);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        stream.HoldEndOfData(new TaskCompletionSource<bool>().Task, deadline.Token);

        await WriteInPiecesAsync(stream, blocking: true, "Subject: x\r\n\r\nbody\r\n.\r\n");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FlushAsync(stream, blocking: true).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("Subject: x\r\n\r\nbody\r\n", wire.Text);
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
