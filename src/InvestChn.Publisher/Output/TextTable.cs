using InvestChn.Text;

namespace InvestChn.Publisher.Output;

/// <summary>A plain-text table whose columns line up with Chinese text in a terminal.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(TextWriter writer)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => DisplayWidth.Of(r[i])).Append(DisplayWidth.Of(h)).Max()).ToArray();
        foreach (var row in _rows.Prepend(headers))
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : DisplayWidth.PadRight(cell, widths[i]));
            writer.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
