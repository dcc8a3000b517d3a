using System.Security.Cryptography;
using InvestChn.Delivery.Pickup;
using InvestChn.Tests.Storage;
using MimeKit;
using static InvestChn.Tests.Delivery.DeliveryScenario;

namespace InvestChn.Tests.Delivery;

/// <summary>Without a relay (empty Smtp:Host) digests are written as .eml files.</summary>
public class PickupTransportTests
{
    [Fact]
    public async Task DrainAsync_NoRelay_WritesOneEmlPerSubscriberNamedAfterItsMessageId()
    {
        // Arrange
        await using var store = await TestStore.CreateAsync(Settings(server: null));
        var readers = Readers(3);
        await AddSubscribersAsync(store, readers);
        await ImportSomeNewsAsync(store);
        await PlanDailyAsync(store, expectedToSend: 3);

        // Act
        var report = await store.Dispatcher.DrainAsync();

        // Assert
        Assert.Equal((3, 0, 0, null), (report.Sent, report.Deferred, report.Failed, report.StopReason));
        var rows = await RowsAsync(store);
        Assert.Equal(
            rows.Values.Select(r => PickupTransport.FileNameOf(r.MessageId)).Order(StringComparer.Ordinal),
            Directory.GetFiles(store.MailDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var reader in readers)
        {
            var path = Path.Combine(store.MailDirectory, PickupTransport.FileNameOf(rows[reader].MessageId));
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.DoesNotContain(bytes.Select((b, i) => (b, i)), p => p.b == '\n' && (p.i == 0 || bytes[p.i - 1] != '\r'));
            var message = await MimeMessage.LoadAsync(path);
            Assert.Equal(rows[reader].MessageId, message.MessageId);
            Assert.Equal(reader, Assert.Single(message.To.Mailboxes).Address);
            Assert.Equal(DailySubject, message.Subject);
        }
    }

    [Fact]
    public async Task DrainAsync_AgainAfterMakeDue_WritesNothingNew()
    {
        // Arrange
        await using var store = await TestStore.CreateAsync(Settings(server: null));
        await AddSubscribersAsync(store, Readers(3));
        await ImportSomeNewsAsync(store);
        await PlanDailyAsync(store, expectedToSend: 3);
        await store.Dispatcher.DrainAsync();
        var before = Snapshot(store.MailDirectory);

        // Act
        var madeDue = await store.Digests.MakeDueAsync(includeFailed: true);
        store.Time.Advance(TimeSpan.FromMinutes(5));
        var report = await store.Dispatcher.DrainAsync();

        // Assert
        Assert.Equal(0, madeDue);
        Assert.Equal((0, 0, 0, 0), (report.Sent, report.Deferred, report.Failed, report.Skipped));
        Assert.Equal(3, before.Count);
        Assert.Equal(before, Snapshot(store.MailDirectory));
    }

    /// <summary>Every file in the folder (temporary ones included) with its write time and content hash.</summary>
    private static Dictionary<string, (DateTime Written, string Sha256)> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(folder, f),
            f => (File.GetLastWriteTimeUtc(f), Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))));
}
