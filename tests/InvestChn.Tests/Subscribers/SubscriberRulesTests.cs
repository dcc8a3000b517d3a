using InvestChn.Storage;
using InvestChn.Subscribers;
using InvestChn.Tests.Storage;

namespace InvestChn.Tests.Subscribers;

/// <summary>What makes a subscriber acceptable, and how the store keeps addresses unique.</summary>
public class SubscriberRulesTests
{
    [Theory]
    [InlineData("wang@example.com")]
    [InlineData("Wang.Li+digest@mail.example.com.cn")]
    [InlineData("li_2026@investchn.com")]
    [InlineData("wang@例子.中国")]
    [InlineData("wang@xn--fsqu00a.xn--fiqs8s")]
    public void CheckEmail_PlainAddress_IsAccepted(string email)
    {
        Assert.Null(SubscriberRules.CheckEmail(email));
    }

    [Theory]
    [InlineData("wang@example.com\r\nBcc: all@example.com")]
    [InlineData("wang@example.com\n")]
    [InlineData("wang\u0007@example.com")]
    [InlineData("wang@exam\u2028ple.com")]
    public void CheckEmail_LineBreakOrControlCharacter_IsRejectedAsSuch(string email)
    {
        Assert.Equal("email contains a line break or control character", SubscriberRules.CheckEmail(email));
    }

    [Fact]
    public void CheckEmail_LongerThan254Characters_IsRejectedAsTooLong()
    {
        var email = "wang@" + string.Join('.', Enumerable.Repeat(new string('x', 60), 4)) + ".com.cn";

        Assert.Equal(255, email.Length);
        Assert.Equal("email is longer than 254 characters", SubscriberRules.CheckEmail(email));
    }

    [Fact]
    public void CheckEmail_Exactly254Characters_IsAccepted()
    {
        var email = "wangli@" + string.Join('.', Enumerable.Repeat(new string('x', 60), 4)) + ".com";

        Assert.Equal(254, email.Length);
        Assert.Null(SubscriberRules.CheckEmail(email));
    }

    [Theory]
    [InlineData("A <a@b.cn>")]
    [InlineData("王女士 <wang@example.com>")]
    [InlineData("\"Wang\" <wang@example.com>")]
    [InlineData("<wang@example.com>")]
    [InlineData("wang@example.com (Wang)")]
    [InlineData("wang@localhost")]
    [InlineData("wang@example")]
    [InlineData("wang")]
    [InlineData("@example.com")]
    [InlineData("wang@")]
    [InlineData("wang@@example.com")]
    [InlineData("wang li@example.com")]
    [InlineData("wang@example.com, li@example.com")]
    [InlineData(" wang@example.com")]
    public void CheckEmail_NotABareAddressWithADottedDomain_IsRejectedWithAnExample(string email)
    {
        Assert.Equal($"email '{email}' is not an address like name@example.com", SubscriberRules.CheckEmail(email));
    }

    [Fact]
    public void CheckEmail_Empty_SaysSo()
    {
        Assert.Equal("email is empty", SubscriberRules.CheckEmail(""));
    }

    [Fact]
    public void Check_BadFields_ReportsEachByName()
    {
        var input = new SubscriberInput("A <a@b.cn>", "王\n女士", DigestFrequency.Daily, ["政策", "policy-local"], ["", new string('长', 41)]);

        var problems = SubscriberRules.Check(input);

        Assert.Equal(
            [
                "email 'A <a@b.cn>' is not an address like name@example.com",
                "name contains a line break or control character",
                "channel '政策' is not a channel slug (e.g. policy-local)",
                "keyword '' is empty, too long (over 40) or contains control characters",
                $"keyword '{new string('长', 41)}' is empty, too long (over 40) or contains control characters",
            ],
            problems);
    }

    [Theory]
    [InlineData("新能源;汽车")]
    [InlineData("新能源；汽车")]
    [InlineData("新能源|汽车")]
    public void Check_KeywordHoldingAListSeparator_IsRejected(string keyword)
    {
        var problems = SubscriberRules.Check(new SubscriberInput("wang@example.com", "", DigestFrequency.Daily, [], [keyword]));

        Assert.Contains(problems, p => p.StartsWith($"keyword '{keyword}'", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_TooManyKeywordsOrTooLongName_IsRejected()
    {
        var input = new SubscriberInput("wang@example.com", new string('名', 101), DigestFrequency.Weekly, [], Enumerable.Range(1, 21).Select(i => $"词{i}").ToList());

        var problems = SubscriberRules.Check(input);

        Assert.Equal(["name is longer than 100 characters", "more than 20 keywords"], problems);
    }

    [Fact]
    public void SplitList_EverySeparator_GivesTrimmedDistinctItems()
    {
        var items = SubscriberRules.SplitList(" policy ; zone-news；projects| policy |");

        Assert.Equal(["policy", "zone-news", "projects"], items);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task SaveAsync_SameAddressInOtherCase_UpdatesTheOneSubscriber(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var first = await SaveAsync(store, new SubscriberInput("Foo@Example.com", "Foo", DigestFrequency.Daily, [], []));

        var second = await SaveAsync(store, new SubscriberInput("foo@example.com", "王女士", DigestFrequency.Weekly, ["policy"], ["招商"]));

        Assert.Equal(SubscriberSaveOutcome.Added, first.Outcome);
        Assert.Equal(SubscriberSaveOutcome.Updated, second.Outcome);
        var only = Assert.Single(await store.Subscribers.ListAsync(null));
        Assert.Equal(first.Subscriber.Id, only.Id);
        Assert.Equal(first.Subscriber.Token, only.Token);
        Assert.Equal(("foo@example.com", "王女士", DigestFrequency.Weekly), (only.Email, only.Name, only.Frequency));
        Assert.Equal(only.Id, (await store.Subscribers.FindAsync("FOO@EXAMPLE.COM"))?.Id);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task SaveAsync_BothCasesInOneBatch_KeepOneSubscriber(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);

        var changes = await store.SubscriberDirectory.SaveAsync(
            [
                new SubscriberInput("Foo@Example.com", "", DigestFrequency.Daily, [], []),
                new SubscriberInput("foo@example.com", "", DigestFrequency.Daily, [], []),
            ],
            pending: false);

        Assert.Equal([SubscriberSaveOutcome.Added, SubscriberSaveOutcome.Updated], changes.Select(c => c.Saved!.Outcome));
        Assert.Single(await store.Subscribers.ListAsync(null));
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task SaveAsync_SameValuesAgain_IsUnchanged(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);
        var input = new SubscriberInput("wang@example.com", "王女士", DigestFrequency.Daily, ["policy-local"], ["招商"]);
        await SaveAsync(store, input);

        var again = await SaveAsync(store, input);

        Assert.Equal(SubscriberSaveOutcome.Unchanged, again.Outcome);
    }

    [SkippableTheory]
    [StoreProviders]
    public async Task SaveAsync_UnknownChannelSlug_IsRefusedAndNothingSaved(string provider)
    {
        await using var store = await TestStore.CreateOnAsync(provider);

        var change = Assert.Single(await store.SubscriberDirectory.SaveAsync([new SubscriberInput("wang@example.com", "", DigestFrequency.Daily, ["no-such-channel"], [])], pending: false));

        Assert.Null(change.Saved);
        Assert.StartsWith("channel 'no-such-channel' is not a known channel slug", Assert.Single(change.Problems), StringComparison.Ordinal);
        Assert.Empty(await store.Subscribers.ListAsync(null));
    }

    private static async Task<SubscriberSaveResult> SaveAsync(TestStore store, SubscriberInput input)
    {
        var change = Assert.Single(await store.SubscriberDirectory.SaveAsync([input], pending: false));
        Assert.Empty(change.Problems);
        return change.Saved!;
    }
}
