using System.Globalization;
using InvestChn.Articles;
using InvestChn.Delivery;

namespace InvestChn.Publisher.Output;

/// <summary>
/// Draws a progress bar on one terminal line, redrawn in place; when output is redirected it
/// draws nothing, so logs and pipes get plain lines only.
/// </summary>
internal sealed class ConsoleProgressBar : IProgress<ImportProgress>, IProgress<DispatchProgress>, IDisposable
{
    private const int BarWidth = 30;
    private readonly string _label;
    private readonly Lock _lock = new();
    private bool _drawn;
    private int _lastPermille = -1;

    private ConsoleProgressBar(string label) => _label = label;

    /// <summary>A bar when stdout is a terminal, otherwise null.</summary>
    public static ConsoleProgressBar? ForTerminal(string label) => Console.IsOutputRedirected ? null : new ConsoleProgressBar(label);

    public void Report(ImportProgress value) => Draw(value.Done, value.Total);

    public void Report(DispatchProgress value) => Draw(value.Done, value.Total);

    /// <summary>Redraws when the bar moves by a tenth of a percent, so a fast run does not spend its time drawing.</summary>
    private void Draw(int done, int total)
    {
        if (total == 0)
        {
            return;
        }

        lock (_lock)
        {
            var permille = (int)((long)done * 1000 / total);
            if (permille == _lastPermille && done != total)
            {
                return;
            }

            _lastPermille = permille;
            var filled = (int)((long)done * BarWidth / total);
            Console.Write(string.Create(CultureInfo.InvariantCulture, $"\r{_label} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {done}/{total} {permille / 10,3}%"));
            _drawn = true;
        }
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
