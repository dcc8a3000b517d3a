using System.Globalization;
using System.Text.RegularExpressions;
using InvestChn.Configuration;
using Microsoft.Extensions.Options;

namespace InvestChn.Topics;

/// <summary>Checks every topic: a name, an ASCII slug used once, at least one keyword with a letter or digit.</summary>
internal sealed partial class TopicsOptionsValidator : IValidateOptions<TopicsOptions>
{
    public ValidateOptionsResult Validate(string? name, TopicsOptions options)
    {
        var failures = new OptionFailures(TopicsOptions.SectionName);
        var slugs = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Items.Count; i++)
        {
            var topic = options.Items[i];
            var key = i.ToString(CultureInfo.InvariantCulture);
            if (topic.Name.Length == 0)
            {
                failures.Add($"{key}:Name", topic.Name, "must not be empty");
            }
            else if (!names.TryAdd(topic.Name, i))
            {
                failures.Add($"{key}:Name", topic.Name, $"is already the name of topic {names[topic.Name]}");
            }

            if (!Slug().IsMatch(topic.Slug))
            {
                failures.Add($"{key}:Slug", topic.Slug, "must be lower-case ASCII letters and digits in words joined by '-' (e.g. linan-investment)");
            }
            else if (!slugs.TryAdd(topic.Slug, i))
            {
                failures.Add($"{key}:Slug", topic.Slug, $"is already the slug of topic {slugs[topic.Slug]}");
            }

            if (topic.Keywords.Count == 0)
            {
                failures.Add($"{key}:Keywords", string.Empty, "must name at least one keyword");
            }

            for (var k = 0; k < topic.Keywords.Count; k++)
            {
                if (!topic.Keywords[k].Any(char.IsLetterOrDigit))
                {
                    failures.Add($"{key}:Keywords:{k.ToString(CultureInfo.InvariantCulture)}", topic.Keywords[k], "has no letter or digit to match");
                }
            }
        }

        return failures.ToResult();
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex Slug();
}
