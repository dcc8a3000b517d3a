using System.Security.Cryptography;
using InvestChn.Articles;
using InvestChn.Subscribers;
using InvestChn.Tests.Storage;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace InvestChn.Tests.Digests;

/// <summary>DKIM signing with <c>Mail:Dkim:*</c>: the signature verifies against the published key and covers the headers recipients act on.</summary>
public class DkimSigningTests
{
    [Fact]
    public async Task ComposeAsync_DkimConfigured_SignatureVerifiesAndCoversUnsubscribeHeaders()
    {
        using var keys = new TempDirectory();
        using var rsa = RSA.Create(2048);
        await using var store = await SigningStoreAsync(keys, rsa);
        var message = await ComposeAsync(store);

        var signature = message.Headers[HeaderId.DkimSignature] ?? string.Empty;
        var locator = new OneKeyLocator($"v=DKIM1; k=rsa; p={Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())}");
        var verified = await new DkimVerifier(locator).VerifyAsync(message, message.Headers[message.Headers.IndexOf(HeaderId.DkimSignature)]);

        Assert.True(verified);
        Assert.Contains("d=investchn.com", signature, StringComparison.Ordinal);
        Assert.Contains("s=digest2026", signature, StringComparison.Ordinal);
        var signed = signature.Split("h=", 2)[1].Split(';')[0].Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant().Split(':');
        Assert.Contains("list-unsubscribe", signed);
        Assert.Contains("list-unsubscribe-post", signed);
        Assert.Contains("subject", signed);
        Assert.Contains("from", signed);
    }

    [Fact]
    public async Task ComposeAsync_MessageChangedAfterSigning_SignatureFails()
    {
        using var keys = new TempDirectory();
        using var rsa = RSA.Create(2048);
        await using var store = await SigningStoreAsync(keys, rsa);
        var message = await ComposeAsync(store);

        message.Headers.Replace(HeaderId.ListUnsubscribe, "<https://evil.example/unsubscribe>");
        var locator = new OneKeyLocator($"v=DKIM1; k=rsa; p={Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())}");
        var verified = await new DkimVerifier(locator).VerifyAsync(message, message.Headers[message.Headers.IndexOf(HeaderId.DkimSignature)]);

        Assert.False(verified);
    }

    [Fact]
    public async Task ComposeAsync_DkimNotConfigured_NoSignature()
    {
        await using var store = await TestStore.CreateAsync();

        var message = await ComposeAsync(store);

        Assert.Equal(-1, message.Headers.IndexOf(HeaderId.DkimSignature));
    }

    /// <summary>A store that signs with <paramref name="rsa"/>'s private key, written to a PEM file as an admin would.</summary>
    private static async Task<TestStore> SigningStoreAsync(TempDirectory keys, RSA rsa)
    {
        await File.WriteAllTextAsync(keys.File("dkim.pem"), rsa.ExportRSAPrivateKeyPem());
        return await TestStore.CreateAsync(new()
        {
            ["Mail:Dkim:Domain"] = "investchn.com",
            ["Mail:Dkim:Selector"] = "digest2026",
            ["Mail:Dkim:PrivateKeyFile"] = keys.File("dkim.pem"),
        });
    }

    private static async Task<MimeMessage> ComposeAsync(TestStore store)
    {
        await store.Importer.ImportAsync([TestPaths.Fixture("Pages", "seed.txt")], progress: null);
        var article = (await store.Articles.ListAsync(new InvestChn.Storage.ArticleQuery(null, 1)))[0];
        var subscriber = new Subscriber(7, "li.na@example.com", "李娜", SubscriberStatus.Active, DigestFrequency.Daily, [], [], "token-abc", 0, 0,
            store.Time.GetUtcNow(), store.Time.GetUtcNow());
        var scheduled = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
        var model = store.Composer.CreateModel(DigestFrequency.Daily, scheduled, subscriber, [article]);
        return await store.Composer.ComposeAsync(model, "daily.test.7.digest@investchn.com", scheduled);
    }

    /// <summary>Answers every key lookup with one DNS TXT record, as the selector's record would.</summary>
    private sealed class OneKeyLocator(string txt) : DkimPublicKeyLocatorBase
    {
        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            GetPublicKey(txt);

        public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(GetPublicKey(txt));
    }
}
