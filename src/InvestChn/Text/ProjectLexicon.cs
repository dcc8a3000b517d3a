using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InvestChn.Text;

/// <summary>
/// The project dictionary: extra words the segmenter must keep whole (<c>*.txt</c> in one folder,
/// <c>term [frequency]</c> per line, <c>#</c> comments) and synonym groups (<c>synonyms.txt</c>,
/// <c>canonical = alias = ...</c> per line). Terms are folded like article text.
/// </summary>
public sealed class ProjectLexicon
{
    /// <summary>The synonym file's name inside the dictionary folder.</summary>
    public const string SynonymsFile = "synonyms.txt";

    /// <summary>Bump when segmentation itself changes, so stored terms are recomputed.</summary>
    private const string SegmentationVersion = "jieba-0.42.2-precise-v1";

    private ProjectLexicon(IReadOnlyList<(string Word, int Frequency)> words, IReadOnlyDictionary<string, string> synonyms, string hash)
    {
        Words = words;
        Synonyms = synonyms;
        Hash = hash;

        // A compound listed by the admins (临安经济开发区) also stands for the listed terms inside
        // it (临安), so a subscription to a place finds its zones. Only listed terms count: 开发区
        // is not listed as holding 开发, which keeps that keyword from matching every zone.
        var listed = words.Select(w => w.Word).ToList();
        Parts = listed
            .Select(word => (word, Parts: listed.Where(other => other.Length < word.Length && word.Contains(other, StringComparison.Ordinal)).ToList()))
            .Where(w => w.Parts.Count > 0)
            .ToDictionary(w => w.word, w => (IReadOnlyList<string>)w.Parts, StringComparer.Ordinal);
    }

    /// <summary>An empty project dictionary (only the segmenter's own words).</summary>
    public static ProjectLexicon Empty { get; } = Create([], new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Words to add, each with its frequency (0: let the segmenter choose one that keeps it whole).</summary>
    public IReadOnlyList<(string Word, int Frequency)> Words { get; }

    /// <summary>For each listed compound, the shorter listed terms inside it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Parts { get; }

    /// <summary>Alias to canonical term (folded).</summary>
    public IReadOnlyDictionary<string, string> Synonyms { get; }

    /// <summary>Identifies the dictionary's effect: stored terms made under another hash are out of date.</summary>
    public string Hash { get; }

    /// <summary>The canonical form of a folded term.</summary>
    public string Canonical(string term) => Synonyms.TryGetValue(term, out var canonical) ? canonical : term;

    /// <summary>
    /// Reads the folder; a missing folder is an empty dictionary. A bad line throws
    /// <see cref="InvalidDataException"/> naming the file, the line and what is wrong.
    /// </summary>
    public static ProjectLexicon Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            return Empty;
        }

        var words = new List<(string, int)>();
        var synonyms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file, Encoding.UTF8);
            if (Path.GetFileName(file) == SynonymsFile)
            {
                ReadSynonyms(file, lines, synonyms, words);
            }
            else
            {
                ReadWords(file, lines, words);
            }
        }

        return Create(words, synonyms);
    }

    /// <summary>Folds text the way terms are compared: NFKC (full-width to half-width) and lower case.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            // A lone surrogate or a noncharacter (a broken page) cannot be normalised; it carries
            // no term either, so it becomes a space.
            var clean = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    clean.Append(c).Append(text[++i]);
                }
                else
                {
                    clean.Append(char.IsSurrogate(c) || c is >= '\uFDD0' and <= '\uFDEF' or '\uFFFE' or '\uFFFF' ? ' ' : c);
                }
            }

            try
            {
                return clean.ToString().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
            }
            catch (ArgumentException)
            {
                return clean.ToString().ToLowerInvariant();
            }
        }
    }

    private static ProjectLexicon Create(List<(string Word, int Frequency)> words, Dictionary<string, string> synonyms)
    {
        var distinct = words.GroupBy(w => w.Word, StringComparer.Ordinal).Select(g => (g.Key, g.Max(w => w.Frequency))).OrderBy(w => w.Key, StringComparer.Ordinal).ToList();
        var canonical = new StringBuilder(SegmentationVersion).Append('\n');
        foreach (var (word, frequency) in distinct)
        {
            canonical.Append("w\t").Append(word).Append('\t').Append(frequency.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        foreach (var (alias, term) in synonyms.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            canonical.Append("s\t").Append(alias).Append('\t').Append(term).Append('\n');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))[..16];
        return new ProjectLexicon(distinct, synonyms, hash);
    }

    private static void ReadWords(string file, string[] lines, List<(string, int)> words)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = Content(lines[i]).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            if (parts.Length > 2)
            {
                throw Bad(file, i, $"'{lines[i].Trim()}' has {parts.Length} fields; expected a term and an optional frequency (a term holds no spaces)");
            }

            var frequency = 0;
            if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out frequency) || frequency < 1))
            {
                throw Bad(file, i, $"frequency '{parts[1]}' is not a positive whole number");
            }

            words.Add((Term(file, i, parts[0]), frequency));
        }
    }

    private static void ReadSynonyms(string file, string[] lines, Dictionary<string, string> synonyms, List<(string, int)> words)
    {
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var content = Content(lines[i]);
            if (content.Trim().Length == 0)
            {
                continue;
            }

            var terms = content.Split('=').Select(t => t.Trim()).ToList();
            if (terms.Count < 2 || terms.Any(t => t.Length == 0))
            {
                throw Bad(file, i, $"'{content.Trim()}' is not 'term = synonym [= synonym ...]'");
            }

            var folded = terms.Select(t => Term(file, i, t)).ToList();
            foreach (var term in folded)
            {
                if (!lineOf.TryAdd(term, i))
                {
                    throw Bad(file, i, $"'{term}' is already in the group on line {lineOf[term] + 1}");
                }

                // Every member must come out of segmentation whole, or it could never be replaced.
                words.Add((term, 0));
            }

            foreach (var alias in folded.Skip(1))
            {
                synonyms[alias] = folded[0];
            }
        }
    }

    private static string Content(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 ? line[..hash] : line;
    }

    private static string Term(string file, int line, string term)
    {
        var folded = Fold(term);
        if (folded.Any(char.IsWhiteSpace) || !folded.Any(char.IsLetterOrDigit))
        {
            throw Bad(file, line, $"'{term}' is not a term (it needs a letter or digit and no spaces)");
        }

        return folded;
    }

    private static InvalidDataException Bad(string file, int line, string problem) =>
        new($"{file} line {(line + 1).ToString(CultureInfo.InvariantCulture)}: {problem}");
}
