using InvestChn.Publisher.Web;
using InvestChn.Storage;
using InvestChn.Storage.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.Extensions.Options;

namespace InvestChn.Publisher.Commands;

/// <summary>
/// Builds the one Generic Host every sub-command runs in: configuration, logging, the library's
/// services; then validates the configuration and migrates the store before any work starts.
/// </summary>
internal sealed class CommandHost(string[] settingArgs)
{
    /// <summary>Adds configuration, logging and services to a host or web-host builder.</summary>
    public void Configure(IHostApplicationBuilder builder, bool worker)
    {
        builder.Configuration.Sources.Clear();
        PublisherConfiguration.AddSources(builder.Configuration, settingArgs);

        // The logging library names no key when it meets a bad level; check them here so it can.
        var badLevels = BadLogLevels(builder.Configuration.GetSection("Logging")).ToList();
        if (badLevels.Count > 0)
        {
            throw new OptionsValidationException("Logging", typeof(LoggerFilterOptions), badLevels);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
        });

        // Admin commands print their results on stdout; logs go to stderr and only when something is wrong.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (!worker)
        {
            builder.Logging.AddFilter((category, level) => level >= LogLevel.Warning);
        }

        builder.Services.AddInvestChn();
        builder.Services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
    }

    /// <summary>Runs an admin command in a host that is validated and migrated first.</summary>
    public Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken cancellationToken) =>
        GuardConfigurationAsync(() => RunHostAsync(action, cancellationToken));

    private async Task<int> RunHostAsync(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Environment.CurrentDirectory });
        Configure(builder, worker: false);
        using var host = builder.Build();
        var ready = await PrepareAsync(host.Services, cancellationToken);
        return ready != ExitCodes.Ok ? ready : await action(host.Services, cancellationToken);
    }

    private static IEnumerable<string> BadLogLevels(IConfigurationSection logging)
    {
        foreach (var setting in logging.AsEnumerable())
        {
            if (setting.Value is { } value && setting.Key.Split(':').Contains("LogLevel", StringComparer.OrdinalIgnoreCase) &&
                !Enum.TryParse<LogLevel>(value, ignoreCase: true, out _))
            {
                yield return $"{setting.Key}: '{value}' is not a log level (Trace, Debug, Information, Warning, Error, Critical, None)";
            }
        }
    }

    /// <summary>Runs <paramref name="run"/>, turning a configuration value the binder cannot read into exit code 2 with the binder's message (which names the key).</summary>
    public static async Task<int> GuardConfigurationAsync(Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("Configuration is not valid:");
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync("  " + failure);
            }

            return ExitCodes.Usage;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync("Configuration is not valid:");
            await Console.Error.WriteLineAsync("  " + e.Message);
            return ExitCodes.Usage;
        }
    }

    /// <summary>Validates every option (all failures at once, each naming its key) and applies migrations.</summary>
    public static async Task<int> PrepareAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync("Configuration is not valid:");
            foreach (var failure in ConfigurationFailures(e))
            {
                await Console.Error.WriteLineAsync("  " + failure);
            }

            return ExitCodes.Usage;
        }

        try
        {
            await services.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
        }
        catch (Exception e) when (e is SqliteException or NpgsqlException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            var store = options.UsesPostgres ? services.GetRequiredService<PostgresDatabase>().Describe : options.ConnectionString;
            await Console.Error.WriteLineAsync($"Storage:ConnectionString: cannot use the store '{store}': {e.Message}");
            return ExitCodes.Usage;
        }

        return ExitCodes.Ok;
    }

    private static IEnumerable<string> ConfigurationFailures(Exception e) => e switch
    {
        OptionsValidationException validation => validation.Failures,
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(ConfigurationFailures),

        // The binder's message names the key and the type it could not convert to.
        _ => [e.Message],
    };
}
