using System.Globalization;

namespace InvestChn.Storage;

/// <summary>One schema script: its number, its name (the file name without <c>.sql</c>) and its SQL.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>The scripts embedded under <paramref name="resourcePrefix"/> (named <c>NNNN_name.sql</c>), in version order.</summary>
    public static IReadOnlyList<Migration> Embedded(string resourcePrefix)
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[resourcePrefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(version, name, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }
}
