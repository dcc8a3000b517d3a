using Microsoft.Extensions.Configuration;

namespace InvestChn.Publisher;

/// <summary>
/// The configuration sources, in the order the design fixes: <c>appsettings.json</c> beside the
/// executable, then <c>INVESTCHN_</c> environment variables, then <c>--Section:Key=value</c> arguments.
/// </summary>
internal static class PublisherConfiguration
{
    public const string EnvironmentPrefix = "INVESTCHN_";

    public static void AddSources(IConfigurationBuilder configuration, IReadOnlyList<string> settingArgs)
    {
        configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine([.. settingArgs]);
    }

    /// <summary>
    /// Separates configuration overrides (<c>--Storage:ConnectionString=...</c>, a key with a colon)
    /// from the command's own words, so both can be given on one command line.
    /// </summary>
    public static (string[] CommandArgs, string[] SettingArgs) Split(string[] args)
    {
        var command = new List<string>();
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                command.AddRange(args[i..]);
                break;
            }

            if (IsSetting(arg))
            {
                settings.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    settings.Add(args[++i]);
                }

                continue;
            }

            command.Add(arg);
        }

        return ([.. command], [.. settings]);
    }

    private static bool IsSetting(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal))
        {
            return false;
        }

        var key = arg.AsSpan(2);
        var equals = key.IndexOf('=');
        if (equals >= 0)
        {
            key = key[..equals];
        }

        return key.Contains(':') && key.Length > 2 && char.IsAsciiLetter(key[0]);
    }
}
