using InvestChn.Articles;
using InvestChn.Delivery;
using InvestChn.Delivery.Pickup;
using InvestChn.Delivery.Smtp;
using InvestChn.Digests;
using InvestChn.Configuration;
using InvestChn.Feeds;
using InvestChn.Scheduling;
using InvestChn.Storage;
using InvestChn.Storage.Sqlite;
using InvestChn.Subscribers;
using InvestChn.Subscriptions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace InvestChn;

/// <summary>Wires the publisher's features into a host.</summary>
public static class InvestChnServiceCollectionExtensions
{
    /// <summary>Adds configuration, the stores, the importer, the feeds, subscribers, digests and delivery.</summary>
    public static IServiceCollection AddInvestChn(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddValidatedOptions<SiteOptions, SiteOptionsValidator>(SiteOptions.SectionName);
        services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>(StorageOptions.SectionName);
        services.AddValidatedOptions<ImportOptions, ImportOptionsValidator>(ImportOptions.SectionName);

        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IStoreMigrator, SqliteMigrator>();
        services.AddSingleton<IArticleStore, SqliteArticleStore>();
        services.AddSingleton<ArticleImporter>();

        services.AddValidatedOptions<FeedsOptions, FeedsOptionsValidator>(FeedsOptions.SectionName);
        services.AddOptions<ChannelSlugOptions>().Configure<IConfiguration>((options, configuration) => ChannelSlugOptions.Bind(configuration, options)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChannelSlugOptions>, ChannelSlugOptionsValidator>();
        services.AddSingleton<ChannelSlugs>();
        services.AddSingleton<FeedCatalog>();
        services.AddSingleton<FeedRenderer>();
        services.AddSingleton<OpmlWriter>();
        services.AddSingleton<FeedBuilder>();

        services.AddSingleton<ISubscriberStore, SqliteSubscriberStore>();
        services.AddSingleton<SubscriberDirectory>();
        services.AddValidatedOptions<SubscriptionsOptions, SubscriptionsOptionsValidator>(SubscriptionsOptions.SectionName);
        services.AddSingleton<ISubscriptionStore, SqliteSubscriptionStore>();
        services.AddSingleton<SubscriberTokens>();

        services.AddValidatedOptions<DigestsOptions, DigestsOptionsValidator>(DigestsOptions.SectionName);
        services.AddValidatedOptions<MailOptions, MailOptionsValidator>(MailOptions.SectionName);
        services.AddValidatedOptions<TemplatesOptions, TemplatesOptionsValidator>(TemplatesOptions.SectionName);
        services.AddSingleton<IDigestStore, SqliteDigestStore>();
        services.AddSingleton<IEditionCalendar, CronEditionCalendar>();
        services.AddSingleton<DigestRenderer>();
        services.AddSingleton<DigestComposer>();
        services.AddSingleton<DigestPlanner>();
        services.AddSingleton<DigestPreview>();
        services.AddSingleton<ConfirmationComposer>();
        services.AddSingleton<SubscriptionService>();

        services.AddValidatedOptions<SmtpOptions, SmtpOptionsValidator>(SmtpOptions.SectionName);
        services.AddValidatedOptions<DeliveryOptions, DeliveryOptionsValidator>(DeliveryOptions.SectionName);
        services.AddSingleton<IMailTransport>(p => p.GetRequiredService<IOptions<SmtpOptions>>().Value.UsesRelay
            ? ActivatorUtilities.CreateInstance<SmtpTransport>(p)
            : ActivatorUtilities.CreateInstance<PickupTransport>(p));
        services.AddSingleton<OutboxDispatcher>();

        services.AddCronValidation();
        return services;
    }

    private static void AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }
}
