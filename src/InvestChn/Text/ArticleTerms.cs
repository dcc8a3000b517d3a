using System.Globalization;
using System.Text;

namespace InvestChn.Text;

/// <summary>
/// The segmented terms of one article with how often each occurs, folded (NFKC, lower case) and
/// with synonyms replaced by their canonical term. Ordered by term, so equal texts give equal bytes.
/// </summary>
public sealed class ArticleTerms
{
    // Articles are read with their terms everywhere (feeds, digests), but few readers look at
    // them: the stored text is kept and parsed on first use.
    private readonly Lazy<SortedDictionary<string, int>> _counts;
    private readonly string? _stored;

    private ArticleTerms(SortedDictionary<string, int> counts)
    {
        _counts = new Lazy<SortedDictionary<string, int>>(counts);
    }

    private ArticleTerms(string stored)
    {
        _stored = stored;
        _counts = new Lazy<SortedDictionary<string, int>>(() => ParseCounts(stored));
    }

    /// <summary>No terms: an article that has not been segmented yet.</summary>
    public static ArticleTerms Empty { get; } = new(new SortedDictionary<string, int>(StringComparer.Ordinal));

    /// <summary>Each distinct term and its count, by term.</summary>
    public IReadOnlyDictionary<string, int> Counts => _counts.Value;

    /// <summary>How many terms the text had, repeats included.</summary>
    public int Total => _counts.Value.Values.Sum();

    public bool Contains(string term) => _counts.Value.ContainsKey(term);

    public static ArticleTerms From(IEnumerable<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            counts[term] = counts.GetValueOrDefault(term) + 1;
        }

        return new ArticleTerms(counts);
    }

    /// <summary>
    /// The stored form: <c>\nterm\tcount</c> per term, then a final <c>\n</c>, so a store finds
    /// a term with a plain substring search for <c>\nterm\t</c>. Terms never hold tabs or line breaks.
    /// </summary>
    public string Serialize()
    {
        if (_stored is not null)
        {
            return _stored;
        }

        if (_counts.Value.Count == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var (term, count) in _counts.Value)
        {
            builder.Append('\n').Append(term).Append('\t').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        return builder.Append('\n').ToString();
    }

    /// <summary>Reads what <see cref="Serialize"/> wrote.</summary>
    public static ArticleTerms Parse(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.Length == 0 ? Empty : new ArticleTerms(stored);
    }

    private static SortedDictionary<string, int> ParseCounts(string stored)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in stored.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.LastIndexOf('\t');
            if (tab > 0 && int.TryParse(line.AsSpan(tab + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                counts[line[..tab]] = count;
            }
        }

        return counts;
    }

    /// <summary>The substring a stored term list contains when it holds <paramref name="term"/>.</summary>
    public static string StoredNeedle(string term) => "\n" + term + "\t";
}
