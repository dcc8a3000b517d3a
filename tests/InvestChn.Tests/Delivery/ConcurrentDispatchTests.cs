using InvestChn.Storage;
using InvestChn.Tests.Storage;
using static InvestChn.Tests.Delivery.DeliveryScenario;

namespace InvestChn.Tests.Delivery;

/// <summary>Two processes draining one outbox at once.</summary>
public class ConcurrentDispatchTests
{
    [SkippableTheory]
    [StoreProviders]
    public async Task DrainAsync_TwoDispatchersOnOneDatabase_EverySubscriberGetsExactlyOneMessage(string provider)
    {
        // Arrange
        await using var server = await TestSmtpServer.StartAsync();
        var settings = Settings(server);
        await using var one = await TestStore.CreateOnAsync(provider, settings);
        await using var two = await TestStore.CreateOnAsync(provider, settings, sharing: one);
        var readers = Readers(200);
        await AddSubscribersAsync(one, readers);
        await ImportSomeNewsAsync(one);
        await PlanDailyAsync(one, expectedToSend: readers.Length);

        // Act
        var reports = await Task.WhenAll(
            Task.Run(() => one.Dispatcher.DrainAsync()),
            Task.Run(() => two.Dispatcher.DrainAsync()));

        // Assert
        Assert.All(reports, r => Assert.True(r.Clean, r.StopReason));
        Assert.Equal(readers.Length, reports.Sum(r => r.Sent));
        var rows = await RowsAsync(two);
        Assert.Equal(readers.Length, rows.Count);
        Assert.All(rows.Values, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.All(rows.Values, r => Assert.Equal(1, r.Attempts));
        var received = server.Messages;
        Assert.Equal(readers.Length, received.Count);
        Assert.Equal(readers.Order(StringComparer.Ordinal), received.Select(m => m.Recipients.Single()).Order(StringComparer.Ordinal));
        Assert.Equal(
            rows.Values.Select(r => r.MessageId).Order(StringComparer.Ordinal),
            received.Select(m => m.Parse().MessageId).Order(StringComparer.Ordinal));
    }
}
