using InvestChn.Articles;
using InvestChn.Configuration;
using InvestChn.Delivery;
using InvestChn.Digests;
using InvestChn.Subscribers;
using InvestChn.Feeds;
using InvestChn.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace InvestChn.Scheduling;

/// <summary>Adds the worker's schedules (Quartz) to a host; only <c>run</c> calls this.</summary>
public static class SchedulingServiceCollectionExtensions
{
    private static readonly JobKey ImportScan = new("import-scan");
    private static readonly JobKey FeedBuild = new("feed-build");
    private static readonly JobKey Delivery = new("delivery");

    /// <summary>The trigger of the worker's first import scan.</summary>
    internal static readonly TriggerKey ImportScanAtStart = new("import-scan-start");

    /// <summary>The edition jobs, daily then weekly.</summary>
    internal static readonly JobKey[] DigestJobs = [new("digest-daily"), new("digest-weekly")];

    /// <summary>Checks the cron settings wherever configuration is validated, so every command rejects a bad one.</summary>
    public static IServiceCollection AddCronValidation(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ImportOptions>, CronValidator>();
        services.AddSingleton<IValidateOptions<FeedsOptions>, CronValidator>();
        services.AddSingleton<IValidateOptions<DigestsOptions>, CronValidator>();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, CronValidator>();
        return services;
    }

    /// <summary>
    /// Adds the worker's schedules. With <c>Scheduling:Clustered=true</c> (and PostgreSQL, which
    /// validation requires) they live in Quartz's clustered job store in the same database, whose
    /// tables the store's migrations create; each node then delivers on its own.
    /// </summary>
    public static IServiceCollection AddInvestChnScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var scheduling = configuration.GetSection(SchedulingOptions.SectionName).Get<SchedulingOptions>() ?? new SchedulingOptions();
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();

        // Validation stops start-up when clustering is asked for without PostgreSQL; the store is
        // only configured for the combination that can run.
        var clustered = scheduling.Clustered && storage.UsesPostgres;
        services.AddQuartz(quartz =>
        {
            if (clustered)
            {
                quartz.UsePersistentStore(store =>
                {
                    store.UsePostgres(storage.ConnectionString);
                    store.UseClustering(cluster =>
                    {
                        cluster.CheckinInterval = TimeSpan.FromSeconds(scheduling.CheckinSeconds);
                        cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(2 * scheduling.CheckinSeconds);
                    });
                });
            }

            quartz.AddJob<ImportScanJob>(job => job.WithIdentity(ImportScan).StoreDurably());

            // Once at start, so a restarted worker catches up at once, then on the schedule.
            quartz.AddTrigger(trigger => trigger.ForJob(ImportScan).WithIdentity(ImportScanAtStart).StartNow());

            // The cron trigger reads the validated options when the scheduler starts.
            quartz.AddTrigger((provider, trigger) =>
            {
                var import = provider.GetRequiredService<IOptions<ImportOptions>>().Value;
                var zone = TimeZoneInfo.FindSystemTimeZoneById(import.TimeZone);
                trigger.ForJob(ImportScan).WithIdentity("import-scan-cron")
                    .WithCronSchedule(import.Cron, cron => cron.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing));
            });

            quartz.AddJob<FeedBuildJob>(job => job.WithIdentity(FeedBuild).StoreDurably());
            quartz.AddTrigger((provider, trigger) =>
            {
                var zone = TimeZoneInfo.FindSystemTimeZoneById(provider.GetRequiredService<IOptions<ImportOptions>>().Value.TimeZone);
                trigger.ForJob(FeedBuild).WithIdentity("feed-build-cron")
                    .WithCronSchedule(provider.GetRequiredService<IOptions<FeedsOptions>>().Value.Cron, cron => cron.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing));
            });

            foreach (var frequency in (DigestFrequency[])[DigestFrequency.Daily, DigestFrequency.Weekly])
            {
                var name = Names.Of(frequency);
                var key = DigestJobs[(int)frequency];

                // Besides its cron trigger, the first import scan triggers it (see ImportScanJob).
                quartz.AddJob<DigestEditionJob>(job => job.WithIdentity(key).UsingJobData(DigestEditionJob.FrequencyKey, name).StoreDurably());
                quartz.AddTrigger((provider, trigger) =>
                {
                    var digests = provider.GetRequiredService<IOptions<DigestsOptions>>().Value;
                    var zone = TimeZoneInfo.FindSystemTimeZoneById(digests.TimeZone);
                    var cron = frequency == DigestFrequency.Daily ? digests.Daily.Cron : digests.Weekly.Cron;
                    trigger.ForJob(key).WithIdentity($"digest-{name}-cron")
                        .WithCronSchedule(cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed));
                });
            }

            if (!clustered)
            {
                quartz.AddJob<DeliveryJob>(job => job.WithIdentity(Delivery).StoreDurably());
                quartz.AddTrigger((provider, trigger) =>
                {
                    var zone = TimeZoneInfo.FindSystemTimeZoneById(provider.GetRequiredService<IOptions<DigestsOptions>>().Value.TimeZone);
                    trigger.ForJob(Delivery).WithIdentity("delivery-cron")
                        .WithCronSchedule(provider.GetRequiredService<IOptions<DeliveryOptions>>().Value.Cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing));
                });
            }
        });
        services.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = true);

        // A clustered trigger fires on one node; delivery is every node's work.
        if (clustered)
        {
            services.AddHostedService<NodeDeliveryService>();
        }

        return services;
    }

    /// <summary>Checks <c>Import:Cron</c> and <c>Feeds:Cron</c> with Quartz's own parser before anything is scheduled.</summary>
    private sealed class CronValidator : IValidateOptions<ImportOptions>, IValidateOptions<FeedsOptions>, IValidateOptions<DigestsOptions>, IValidateOptions<DeliveryOptions>
    {
        public ValidateOptionsResult Validate(string? name, ImportOptions options) => Check(ImportOptions.SectionName, ("Cron", options.Cron));

        public ValidateOptionsResult Validate(string? name, FeedsOptions options) => Check(FeedsOptions.SectionName, ("Cron", options.Cron));

        public ValidateOptionsResult Validate(string? name, DigestsOptions options) =>
            Check(DigestsOptions.SectionName, ("Daily:Cron", options.Daily.Cron), ("Weekly:Cron", options.Weekly.Cron));

        public ValidateOptionsResult Validate(string? name, DeliveryOptions options) => Check(DeliveryOptions.SectionName, ("Cron", options.Cron));

        private static ValidateOptionsResult Check(string section, params (string Key, string Cron)[] settings)
        {
            var failures = new OptionFailures(section);
            foreach (var (key, cron) in settings)
            {
                if (!CronExpression.TryParse(cron, out _))
                {
                    failures.Add(key, cron, "is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. 0 */5 * * * ?)");
                }
            }

            return failures.ToResult();
        }
    }
}
