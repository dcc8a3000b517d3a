using System.Globalization;
using InvestChn.Configuration;
using InvestChn.Storage;
using Microsoft.Extensions.Options;

namespace InvestChn.Scheduling;

/// <summary>Checks <see cref="SchedulingOptions"/> against the store: Quartz clusters only over a shared database.</summary>
internal sealed class SchedulingOptionsValidator(IOptions<StorageOptions> storage) : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        var failures = new OptionFailures(SchedulingOptions.SectionName);
        if (options.Clustered && !storage.Value.UsesPostgres)
        {
            failures.Add(
                nameof(options.Clustered),
                "true",
                $"needs Storage:Provider=Postgres (it is '{storage.Value.Provider}'): Quartz cannot run a cluster on SQLite, whose file one machine owns. " +
                "Set Storage:Provider=Postgres and Storage:ConnectionString for several nodes, or Scheduling:Clustered=false for one");
        }

        if (options.CheckinSeconds is < 1 or > 3600)
        {
            failures.Add(nameof(options.CheckinSeconds), options.CheckinSeconds.ToString(CultureInfo.InvariantCulture), "must be between 1 and 3600");
        }

        return failures.ToResult();
    }
}
