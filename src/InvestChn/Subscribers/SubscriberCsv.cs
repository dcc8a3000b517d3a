using System.Text;
using InvestChn.Articles;

namespace InvestChn.Subscribers;

/// <summary>
/// The subscriber CSV format: header <c>email,name,frequency,channels,keywords</c> (columns in any
/// order, only <c>email</c> required), RFC 4180 quoting, lists split by <c>;</c>, <c>；</c> or <c>|</c>,
/// UTF-8 (with or without BOM) or GB18030.
/// </summary>
public static class SubscriberCsv
{
    public static readonly IReadOnlyList<string> Header = ["email", "name", "frequency", "channels", "keywords"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes and parses a file; a problem with the whole file (encoding, header) throws <see cref="FormatException"/>.</summary>
    public static IReadOnlyList<SubscriberCsvRow> Parse(ReadOnlySpan<byte> bytes) => Parse(Decode(bytes));

    /// <summary>Parses CSV text into one result per data row, each with its line number.</summary>
    public static IReadOnlyList<SubscriberCsvRow> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = ReadRecords(text).ToList();
        var header = records.FirstOrDefault(r => !r.IsBlank) ?? throw new FormatException("the file is empty; the first line must be the header email,name,frequency,channels,keywords");
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i].Trim();
            if (!Header.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new FormatException($"line {header.Line}: unknown column '{name}' in the header (expected {string.Join(',', Header)})");
            }

            if (!columns.TryAdd(name, i))
            {
                throw new FormatException($"line {header.Line}: column '{name}' appears twice in the header");
            }
        }

        if (!columns.ContainsKey("email"))
        {
            throw new FormatException($"line {header.Line}: the header has no 'email' column (expected {string.Join(',', Header)})");
        }

        var rows = new List<SubscriberCsvRow>();
        foreach (var record in records.SkipWhile(r => r != header).Skip(1).Where(r => !r.IsBlank))
        {
            rows.Add(ToRow(record, columns, header.Fields.Count));
        }

        return rows;
    }

    /// <summary>Writes subscribers as CSV (UTF-8 text, CRLF line ends as RFC 4180 has them).</summary>
    public static string Write(IEnumerable<Subscriber> subscribers)
    {
        ArgumentNullException.ThrowIfNull(subscribers);
        var text = new StringBuilder();
        text.Append(string.Join(',', Header)).Append("\r\n");
        foreach (var s in subscribers)
        {
            text.Append(Quote(s.Email)).Append(',')
                .Append(Quote(s.Name)).Append(',')
                .Append(Names.Of(s.Frequency)).Append(',')
                .Append(Quote(string.Join(';', s.Channels))).Append(',')
                .Append(Quote(string.Join(';', s.Keywords))).Append("\r\n");
        }

        return text.ToString();
    }

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
        }

        try
        {
            return PageDecoder.Gb18030.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("the file is neither UTF-8 nor GB18030 text");
        }
    }

    private static SubscriberCsvRow ToRow(CsvRecord record, Dictionary<string, int> columns, int width)
    {
        if (record.Fields.Count != width)
        {
            return SubscriberCsvRow.Bad(record.Line, $"has {record.Fields.Count} fields, the header has {width} (a comma inside a value needs \"quotes\")");
        }

        string Cell(string column) => columns.TryGetValue(column, out var i) ? record.Fields[i].Trim() : string.Empty;

        var frequencyText = Cell("frequency");
        DigestFrequency? frequency = DigestFrequency.Daily;
        if (frequencyText.Length > 0 && !Names.TryParse(frequencyText, out frequency))
        {
            return SubscriberCsvRow.Bad(record.Line, $"frequency '{frequencyText}' is not daily or weekly");
        }

        var input = new SubscriberInput(Cell("email"), Cell("name"), frequency.Value, SubscriberRules.SplitList(Cell("channels")), SubscriberRules.SplitList(Cell("keywords")));
        var problems = SubscriberRules.Check(input);
        return problems.Count > 0 ? SubscriberCsvRow.Bad(record.Line, string.Join("; ", problems)) : new SubscriberCsvRow(record.Line, input, null);
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value != value.Trim()
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    /// <summary>Splits text into records (a quoted field may span lines); each knows the line it starts on.</summary>
    private static IEnumerable<CsvRecord> ReadRecords(string text)
    {
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var wasQuoted = false;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        // A line ends at LF, CRLF or a lone CR, inside quotes as outside.
                        if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                        {
                            line++;
                        }

                        field.Append(c);
                    }
                }
                else if (c == '"' && field.ToString().Trim().Length == 0 && !wasQuoted)
                {
                    quoted = true;
                    wasQuoted = true;
                    field.Clear();
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                }
                else if (c is '\r' or '\n')
                {
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    i++;
                    line++;
                    break;
                }
                else
                {
                    field.Append(c);
                }
            }

            fields.Add(field.ToString());
            yield return new CsvRecord(start, fields);
        }
    }

    private sealed record CsvRecord(int Line, IReadOnlyList<string> Fields)
    {
        public bool IsBlank => Fields.All(f => f.Trim().Length == 0);
    }
}
