using InvestChn.Articles;
using InvestChn.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace InvestChn.Scheduling;

/// <summary>Adds the worker's schedules (Quartz) to a host; only <c>run</c> calls this.</summary>
public static class SchedulingServiceCollectionExtensions
{
    private static readonly JobKey ImportScan = new("import-scan");

    public static IServiceCollection AddInvestChnScheduling(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ImportOptions>, ImportCronValidator>();
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
        });
        services.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>Checks <c>Import:Cron</c> with Quartz's own parser before anything is scheduled.</summary>
    private sealed class ImportCronValidator : IValidateOptions<ImportOptions>
    {
        public ValidateOptionsResult Validate(string? name, ImportOptions options)
        {
            if (CronExpression.TryParse(options.Cron, out _))
            {
                return ValidateOptionsResult.Success;
            }

            var failures = new OptionFailures(ImportOptions.SectionName);
            failures.Add(nameof(options.Cron), options.Cron, "is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. 0 */5 * * * ?)");
            return failures.ToResult();
        }
    }
}
