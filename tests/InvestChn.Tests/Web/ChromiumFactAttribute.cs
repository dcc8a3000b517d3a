namespace InvestChn.Tests.Web;

/// <summary>
/// A test that drives Debian's Chromium. Skipped, saying why, on a machine without it; under CI
/// (<c>CI=true</c>) it runs anyway and fails, because CI installs Chromium and a skip there would hide a broken set-up.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Debian's chromium package puts its launcher here.</summary>
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable) && !IsCi)
        {
            Skip = $"Chromium is not installed at {Executable} (apt-get install chromium fonts-wqy-zenhei); CI installs it and runs this test.";
        }
    }

    /// <summary>True under CI, where a missing browser is a failure.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
