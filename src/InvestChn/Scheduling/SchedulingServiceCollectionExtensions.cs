using InvestChn.Articles;
using InvestChn.Configuration;
using InvestChn.Delivery;
using InvestChn.Digests;
using InvestChn.Feeds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace InvestChn.Scheduling;

/// <summary>Adds the worker's schedules (Quartz) to a host; only <c>run</c> calls this.</summary>
public static class SchedulingServiceCollectionExtensions
{
    private static readonly JobKey ImportScan = new("import-scan");
    private static readonly JobKey FeedBuild = new("feed-build");

    /// <summary>Checks the cron settings wherever configuration is validated, so every command rejects a bad one.</summary>
    public static IServiceCollection AddCronValidation(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ImportOptions>, CronValidator>();
        services.AddSingleton<IValidateOptions<FeedsOptions>, CronValidator>();
        services.AddSingleton<IValidateOptions<DigestsOptions>, CronValidator>();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, CronValidator>();
        return services;
    }

    public static IServiceCollection AddInvestChnScheduling(this IServiceCollection services)
    {
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<ImportScanJob>(job => job.WithIdentity(ImportScan).StoreDurably());

            // Once at start, so a restarted worker catches up at once, then on the schedule.
            quartz.AddTrigger(trigger => trigger.ForJob(ImportScan).WithIdentity("import-scan-start").StartNow());

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
        });
        services.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = true);
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
