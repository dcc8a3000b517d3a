using InvestChn.Articles;
using InvestChn.Delivery;
using InvestChn.Delivery.Pickup;
using InvestChn.Delivery.Smtp;
using InvestChn.Digests;
using InvestChn.Configuration;
using InvestChn.Diagnostics;
using InvestChn.Feeds;
using InvestChn.Scheduling;
using InvestChn.Storage;
using InvestChn.Storage.Postgres;
using InvestChn.Storage.Sqlite;
using InvestChn.Subscribers;
using InvestChn.Subscriptions;
using InvestChn.Text;
using InvestChn.Topics;
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
        services.AddMetrics();
        services.TryAddSingleton<PublisherMetrics>();

        services.AddValidatedOptions<SiteOptions, SiteOptionsValidator>(SiteOptions.SectionName);
        services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>(StorageOptions.SectionName);
        services.AddValidatedOptions<ImportOptions, ImportOptionsValidator>(ImportOptions.SectionName);

        services.AddValidatedOptions<SegmentationOptions, SegmentationOptionsValidator>(SegmentationOptions.SectionName);
        services.AddSingleton<TermSegmenter>();
        services.AddOptions<TopicsOptions>().Configure<IConfiguration>((options, configuration) => TopicsOptions.Bind(configuration, options)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TopicsOptions>, TopicsOptionsValidator>();

        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<PostgresDatabase>();
        services.AddStore<IStoreMigrator, SqliteMigrator, PostgresMigrator>();
        services.AddStore<IArticleStore, SqliteArticleStore, PostgresArticleStore>();
        services.AddSingleton<ArticleImporter>();
        services.AddSingleton<TermIndexer>();
        services.AddSingleton<TopicTermRanking>();

        services.AddValidatedOptions<FeedsOptions, FeedsOptionsValidator>(FeedsOptions.SectionName);
        services.AddOptions<ChannelSlugOptions>().Configure<IConfiguration>((options, configuration) => ChannelSlugOptions.Bind(configuration, options)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChannelSlugOptions>, ChannelSlugOptionsValidator>();
        services.AddSingleton<ChannelSlugs>();
        services.AddSingleton<FeedCatalog>();
        services.AddSingleton<FeedRenderer>();
        services.AddSingleton<OpmlWriter>();
        services.AddSingleton<FeedBuilder>();
        services.AddSingleton<PostgresFeedDocumentStore>();
        services.AddSingleton<IFeedDocumentStore>(p => p.GetRequiredService<IOptions<StorageOptions>>().Value.UsesPostgres
            ? p.GetRequiredService<PostgresFeedDocumentStore>()
            : throw new InvalidOperationException("Feeds are kept in the database only on PostgreSQL (Storage:Provider=Postgres, with Scheduling:Clustered=true)."));
        services.AddSingleton<FeedPublisher>();
        services.AddSingleton<ClusterFeeds>();

        services.AddStore<ISubscriberStore, SqliteSubscriberStore, PostgresSubscriberStore>();
        services.AddSingleton<SubscriberDirectory>();
        services.AddStore<ISubscriberQueries, SqliteSubscriberQueries, PostgresSubscriberQueries>();
        services.AddStore<IDeliveryQueries, SqliteDeliveryQueries, PostgresDeliveryQueries>();
        services.AddStore<IStoreProbe, SqliteStoreProbe, PostgresStoreProbe>();
        services.AddValidatedOptions<SubscriptionsOptions, SubscriptionsOptionsValidator>(SubscriptionsOptions.SectionName);
        services.AddStore<ISubscriptionStore, SqliteSubscriptionStore, PostgresSubscriptionStore>();
        services.AddSingleton<SubscriberTokens>();

        services.AddValidatedOptions<DigestsOptions, DigestsOptionsValidator>(DigestsOptions.SectionName);
        services.AddValidatedOptions<MailOptions, MailOptionsValidator>(MailOptions.SectionName);
        services.AddValidatedOptions<TemplatesOptions, TemplatesOptionsValidator>(TemplatesOptions.SectionName);
        services.AddStore<IDigestStore, SqliteDigestStore, PostgresDigestStore>();
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

        services.AddValidatedOptions<SchedulingOptions, SchedulingOptionsValidator>(SchedulingOptions.SectionName);
        services.AddCronValidation();
        return services;
    }

    /// <summary>Registers a store service as the implementation <c>Storage:Provider</c> names, chosen when it is first needed (after validation).</summary>
    private static void AddStore<TService, TSqlite, TPostgres>(this IServiceCollection services)
        where TService : class
        where TSqlite : class, TService
        where TPostgres : class, TService
    {
        services.AddSingleton<TSqlite>();
        services.AddSingleton<TPostgres>();
        services.AddSingleton<TService>(p => p.GetRequiredService<IOptions<StorageOptions>>().Value.UsesPostgres
            ? p.GetRequiredService<TPostgres>()
            : p.GetRequiredService<TSqlite>());
    }

    private static void AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }
}
