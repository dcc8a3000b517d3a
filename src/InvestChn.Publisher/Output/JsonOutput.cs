using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace InvestChn.Publisher.Output;

/// <summary>JSON for <c>--json</c>: camelCase, indented, Chinese written as itself rather than \u escapes.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static void Write<T>(TextWriter writer, T value) => writer.WriteLine(JsonSerializer.Serialize(value, Options));
}
