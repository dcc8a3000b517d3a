using System.Text;
using InvestChn.Delivery.Smtp;

namespace InvestChn.Tests.Delivery;

/// <summary>The connection's write buffer: everything goes out at a flush, except a held end of data.</summary>
public class HeldWriteStreamTests
{
    [Fact]
    public async Task FlushAsync_NoHold_WritesEverythingAtOnce()
    {
        var wire = new CountingStream();
        await using var stream = new HeldWriteStream(wire);

        await WriteInPiecesAsync(stream, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n");
        Assert.Empty(wire.Text);
        await stream.FlushAsync();

        Assert.Equal("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n", wire.Text);
        Assert.Equal(1, wire.Writes);
    }

    [Fact]
    public async Task FlushAsync_HeldLargeMessage_SendsTheBodyButNotTheEndUntilReleased()
    {
        var wire = new CountingStream();
        await using var stream = new HeldWriteStream(wire);
        var body = string.Concat(Enumerable.Repeat("投促中国 line of base64-ish text\r\n.. a stuffed dot line\r\n", 4000));
        var hold = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        stream.HoldEndOfData(hold.Task);

        await WriteInPiecesAsync(stream, body + ".\r\n");
        var flush = stream.FlushAsync();
        await Task.Delay(100);

        // Past the buffer the body went out early, but never the final dot.
        Assert.False(flush.IsCompleted);
        Assert.True(wire.Length > 64 * 1024, $"only {wire.Length} bytes went out early");
        Assert.False(wire.Text.EndsWith("\r\n.\r\n", StringComparison.Ordinal));
        hold.SetResult(true);
        await flush;
        Assert.Equal(body + ".\r\n", wire.Text);
    }

    [Fact]
    public async Task FlushAsync_HeldSmallMessage_SendsAllButTheFinalDotUntilReleased()
    {
        var wire = new CountingStream();
        await using var stream = new HeldWriteStream(wire);
        var hold = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        stream.HoldEndOfData(hold.Task);

        await WriteInPiecesAsync(stream, "Subject: 投促中国\r\n\r\nbody\r\n.\r\n");
        var flush = stream.FlushAsync();
        await Task.Delay(100);

        Assert.False(flush.IsCompleted);
        Assert.Equal("Subject: 投促中国\r\n\r\nbody\r\n", wire.Text);
        hold.SetResult(true);
        await flush;
        Assert.Equal("Subject: 投促中国\r\n\r\nbody\r\n.\r\n", wire.Text);
    }

    [Fact]
    public async Task FlushAsync_HoldAnsweredFalse_FailsAndTheEndNeverLeaves()
    {
        var wire = new CountingStream();
        await using var stream = new HeldWriteStream(wire);
        stream.HoldEndOfData(Task.FromResult(false));

        await WriteInPiecesAsync(stream, "Subject: x\r\n\r\nbody\r\n.\r\n");

        await Assert.ThrowsAsync<IOException>(() => stream.FlushAsync());
        Assert.DoesNotContain("\r\n.\r\n", wire.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlushAsync_HeldButFlushingCommands_DoesNotWait()
    {
        var wire = new CountingStream();
        await using var stream = new HeldWriteStream(wire);
        stream.HoldEndOfData(new TaskCompletionSource<bool>().Task);

        await WriteInPiecesAsync(stream, "DATA\r\n");
        await stream.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("DATA\r\n", wire.Text);
    }

    /// <summary>Writes in MailKit's 4 KiB pieces.</summary>
    private static async Task WriteInPiecesAsync(Stream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var offset = 0; offset < bytes.Length; offset += 4096)
        {
            await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(4096, bytes.Length - offset)));
        }
    }

    /// <summary>A wire that keeps what it is given and counts the writes.</summary>
    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public string Text => Encoding.UTF8.GetString(ToArray());

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
