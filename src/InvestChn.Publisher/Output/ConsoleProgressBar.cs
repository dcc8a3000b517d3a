using System.Globalization;
using InvestChn.Articles;

namespace InvestChn.Publisher.Output;

/// <summary>
/// Draws a progress bar on one terminal line, redrawn in place; when output is redirected it
/// draws nothing, so logs and pipes get plain lines only.
/// </summary>
internal sealed class ConsoleProgressBar : IProgress<ImportProgress>, IDisposable
{
    private const int BarWidth = 30;
    private readonly string _label;
    private bool _drawn;

    private ConsoleProgressBar(string label) => _label = label;

    /// <summary>A bar when stdout is a terminal, otherwise null.</summary>
    public static ConsoleProgressBar? ForTerminal(string label) => Console.IsOutputRedirected ? null : new ConsoleProgressBar(label);

    public void Report(ImportProgress value)
    {
        if (value.Total == 0)
        {
            return;
        }

        var filled = (int)((long)value.Done * BarWidth / value.Total);
        var percent = (int)((long)value.Done * 100 / value.Total);
        Console.Write(string.Create(CultureInfo.InvariantCulture, $"\r{_label} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {value.Done}/{value.Total} {percent,3}%"));
        _drawn = true;
    }

    /// <summary>Clears the bar's line so the summary starts at the left margin.</summary>
    public void Dispose()
    {
        if (_drawn)
        {
            Console.Write("\r\u001b[2K");
        }
    }
}
