using InvestChn.Articles;
using InvestChn.Configuration;
using InvestChn.Feeds;
using InvestChn.Scheduling;
using InvestChn.Storage;
using InvestChn.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace InvestChn;

/// <summary>Wires the publisher's features into a host.</summary>
public static class InvestChnServiceCollectionExtensions
{
    /// <summary>Adds configuration, the article store, the importer and the feeds.</summary>
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
