using InvestChn.Subscribers;
using InvestChn.Tests.Storage;
using Microsoft.Extensions.Options;

namespace InvestChn.Tests.Subscribers;

public class SubscriberTokensTests
{
    private const string ConfiguredKey = "bm90LWEtc2VjcmV0LW9ubHktYS10ZXN0LWtleS0zMi1ieXRlcw==";

    [SkippableTheory]
    [StoreProviders]
    public async Task CreateAsync_RandomPartAndMac_AuthenticUntilAnyCharacterChanges(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var tokens = store.Get<SubscriberTokens>();

        var token = await tokens.CreateAsync();

        Assert.Matches("^[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{22}$", token);
        Assert.True(await tokens.IsAuthenticAsync(token));
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '.')
            {
                continue;
            }

            var changed = token[..i] + (token[i] == 'a' ? 'b' : 'a') + token[(i + 1)..];
            Assert.False(await tokens.IsAuthenticAsync(changed), $"changed at {i}: {changed}");
        }

        Assert.False(await tokens.IsAuthenticAsync(token + "A"));
        Assert.False(await tokens.IsAuthenticAsync(token[..^1]));
        Assert.False(await tokens.IsAuthenticAsync(""));
        Assert.NotEqual(token, await tokens.CreateAsync());
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task IsAuthenticAsync_UnsignedTokenOfTheOldShape_IsLeftToTheLookup(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var tokens = store.Get<SubscriberTokens>();

        Assert.True(await tokens.IsAuthenticAsync(SubscriberToken.Create()));
        Assert.False(await tokens.IsAuthenticAsync("short"));
        Assert.False(await tokens.IsAuthenticAsync(new string('+', 43)));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task ConfiguredKey_SignsNewTokens_AndTokensOfTheDatabaseKeyStillWork(string provider)
    {
        await using var unconfigured = await TestStore.CreateOnAsync(provider);
        var before = await unconfigured.Get<SubscriberTokens>().CreateAsync();
        await using var configured = await TestStore.CreateOnAsync(provider, new() { ["Subscriptions:TokenKey"] = ConfiguredKey }, sharing: unconfigured);
        var tokens = configured.Get<SubscriberTokens>();

        var after = await tokens.CreateAsync();

        Assert.True(await tokens.IsAuthenticAsync(before));
        Assert.True(await tokens.IsAuthenticAsync(after));
        Assert.False(await unconfigured.Get<SubscriberTokens>().IsAuthenticAsync(after));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task Confirmation_BoundToItsSubscriberAndTheirLinkToken(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var tokens = store.Get<SubscriberTokens>();
        var saved = await store.SubscriberDirectory.SaveAsync(
            [new SubscriberInput("a@example.com", "", DigestFrequency.Daily, [], []), new SubscriberInput("b@example.com", "", DigestFrequency.Daily, [], [])], pending: true);
        var (a, b) = (saved[0].Saved!.Subscriber, saved[1].Saved!.Subscriber);
        var queued = store.Time.GetUtcNow();

        var token = await tokens.ConfirmationAsync(a, queued);

        Assert.True(SubscriberTokens.TryReadConfirmation(token, out var id, out var at));
        Assert.Equal((a.Id, queued.ToUnixTimeMilliseconds()), (id, at.ToUnixTimeMilliseconds()));
        Assert.True(await tokens.IsConfirmationOfAsync(token, a));
        Assert.False(await tokens.IsConfirmationOfAsync(token, b));
        Assert.False(await tokens.IsConfirmationOfAsync(token, a with { Token = b.Token }));
        Assert.False(await tokens.IsAuthenticAsync(token));
        Assert.False(SubscriberTokens.TryReadConfirmation(a.Token, out _, out _));
    }

    [Theory]
    [InlineData("c2VjcmV0")]
    [InlineData("not base64 at all!")]
    public void Validator_BadKey_NamesTheKeyButNotTheValue(string key)
    {
        var validator = new SubscriptionsOptionsValidator();

        var result = validator.Validate(null, new SubscriptionsOptions { TokenKey = key, ConfirmationTtl = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Subscriptions:TokenKey:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Subscriptions:ConfirmationTtl: '00:00:00'", StringComparison.Ordinal));
        Assert.All(result.Failures!, f => Assert.DoesNotContain(key, f, StringComparison.Ordinal));
        Assert.Equal(ValidateOptionsResult.Success, validator.Validate(null, new SubscriptionsOptions { TokenKey = ConfiguredKey }));
    }
}
