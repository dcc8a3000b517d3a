using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace InvestChn.Articles;

/// <summary>
/// The ASCII file names of channel feeds: set per channel path in the <c>Channels</c> section
/// (<c>"开发区新闻/文字新闻": "zone-news-text"</c>), else derived from the path's hash so they never change.
/// </summary>
public sealed partial class ChannelSlugs
{
    public const string SectionName = "Channels";

    /// <summary>Names the feed set uses itself; no channel may take them.</summary>
    private static readonly string[] Reserved = ["all", "index", "archive", "topic"];

    private readonly Dictionary<string, string> _configured;

    public ChannelSlugs(IOptions<ChannelSlugOptions> options)
    {
        _configured = new Dictionary<string, string>(options.Value.Slugs, StringComparer.Ordinal);
    }

    /// <summary>The channel paths the <c>Channels</c> section names, with their slugs.</summary>
    public IReadOnlyDictionary<string, string> Configured => _configured;

    /// <summary>
    /// The channel path that <paramref name="slug"/> stands for, among the configured paths and
    /// <paramref name="knownPaths"/> (and every section above them); null when none has it.
    /// </summary>
    public string? PathOf(string slug, IEnumerable<string> knownPaths)
    {
        ArgumentNullException.ThrowIfNull(knownPaths);
        foreach (var (path, configured) in _configured)
        {
            if (string.Equals(configured, slug, StringComparison.Ordinal))
            {
                return path;
            }
        }

        foreach (var path in knownPaths)
        {
            var parts = path.Split(Article.ChannelSeparator);
            for (var depth = 1; depth <= parts.Length; depth++)
            {
                var prefix = string.Join(Article.ChannelSeparator, parts[..depth]);
                if (string.Equals(For(prefix), slug, StringComparison.Ordinal))
                {
                    return prefix;
                }
            }
        }

        return null;
    }

    /// <summary>The slug of a channel path such as <c>开发区新闻/文字新闻</c>.</summary>
    public string For(string channelPath) =>
        _configured.TryGetValue(channelPath, out var slug) ? slug : Fallback(channelPath);

    /// <summary>A deterministic slug for a channel nobody configured: <c>channel-</c> and 10 hex digits of the path's SHA-256.</summary>
    public static string Fallback(string channelPath) =>
        "channel-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(channelPath)))[..10];

    /// <summary>True when <paramref name="slug"/> has the form of a slug (it may still name no channel).</summary>
    public static bool IsValidSlugText(string slug) => SlugPattern().IsMatch(slug);

    internal static bool IsValidSlug(string slug) => SlugPattern().IsMatch(slug) && !Reserved.Contains(slug);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}

/// <summary>The <c>Channels</c> section: channel path → slug.</summary>
public sealed class ChannelSlugOptions
{
    public Dictionary<string, string> Slugs { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads the section by hand: its keys are channel paths, which the binder would not keep whole.</summary>
    internal static void Bind(IConfiguration configuration, ChannelSlugOptions options)
    {
        foreach (var child in configuration.GetSection(ChannelSlugs.SectionName).GetChildren())
        {
            options.Slugs[child.Key.Trim()] = child.Value?.Trim() ?? string.Empty;
        }
    }
}

/// <summary>Checks every configured slug: ASCII, not reserved, used once.</summary>
internal sealed class ChannelSlugOptionsValidator : IValidateOptions<ChannelSlugOptions>
{
    public ValidateOptionsResult Validate(string? name, ChannelSlugOptions options)
    {
        var failures = new List<string>();
        foreach (var (channel, slug) in options.Slugs)
        {
            if (!ChannelSlugs.IsValidSlug(slug))
            {
                failures.Add($"{ChannelSlugs.SectionName}:{channel}: '{slug}' is not a usable slug (lower-case ASCII letters, digits and single hyphens; not all, index, archive or topic)");
            }
        }

        foreach (var clash in options.Slugs.GroupBy(p => p.Value, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"{ChannelSlugs.SectionName}: '{clash.Key}' is the slug of {string.Join(" and ", clash.Select(p => p.Key))}; each channel needs its own");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
