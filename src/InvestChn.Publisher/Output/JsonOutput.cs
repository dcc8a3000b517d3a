using System.Text.Encodings.Web;
using System.Text.Json;

namespace InvestChn.Publisher.Output;

/// <summary>JSON for <c>--json</c>: camelCase, indented, Chinese and markup written as themselves rather than \u escapes.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Output goes to a terminal or a script, never into a page: HTML characters need no escaping.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write<T>(TextWriter writer, T value) => writer.WriteLine(JsonSerializer.Serialize(value, Options));
}
