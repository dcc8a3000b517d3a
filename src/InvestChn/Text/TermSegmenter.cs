using InvestChn.Articles;
using JiebaNet.Segmenter;
using Microsoft.Extensions.Options;

namespace InvestChn.Text;

/// <summary>
/// Cuts Chinese text into terms with jieba.NET (precise mode, dictionary words only) plus the
/// project dictionary, folds them and replaces synonyms by their canonical term. Precise mode
/// rather than search mode: search mode would also give 开发 for 开发区. jieba's HMM guess at
/// words it does not know is off: it depends on the surrounding characters, so a keyword cut on
/// its own could come out differently from the same word inside an article and never match, and it
/// took a third of the import's time. A word the dictionaries lack is cut into known pieces the
/// same way everywhere; add it to <c>seeds/dict</c> to make it one term.
/// Safe to call from many threads; the model loads on first use.
/// </summary>
public sealed class TermSegmenter
{
    /// <summary>The folder beside the assemblies that holds jieba.NET's model files (copied there by the build).</summary>
    public const string ModelFolder = "jieba";

    // jieba.NET keeps its word list in process-wide state: words added by one segmenter are seen
    // by all, and adding one while another thread cuts would corrupt the lookup. So additions are
    // made once per word under the write lock and cutting holds the read lock.
    private static readonly ReaderWriterLockSlim JiebaLock = new();
    private static readonly HashSet<(string, int)> AddedWords = [];
    private static JiebaSegmenter? _jieba;

    private readonly Lazy<ProjectLexicon> _dictionary;
    private readonly Lazy<ProjectLexicon> _prepared;

    public TermSegmenter(IOptions<SegmentationOptions> segmentation, IOptions<ImportOptions> import)
        : this(DictionaryDirectoryOf(segmentation.Value, import.Value))
    {
    }

    /// <summary>A segmenter with the project dictionary in <paramref name="dictionaryDirectory"/> (missing: none).</summary>
    public TermSegmenter(string dictionaryDirectory)
    {
        DictionaryDirectory = Path.GetFullPath(dictionaryDirectory);
        // The project dictionary (and its hash) is small and read first; jieba's own word list
        // takes some 100 MiB and is loaded only when text is actually cut, so a process that only
        // compares stored terms (planning digests for subscribers without keywords) never holds it.
        _dictionary = new Lazy<ProjectLexicon>(() => ProjectLexicon.Load(DictionaryDirectory));
        _prepared = new Lazy<ProjectLexicon>(() => Prepare(_dictionary.Value));
    }

    /// <summary>The project dictionary folder (absolute).</summary>
    public string DictionaryDirectory { get; }

    /// <summary>The loaded project dictionary (loading it on first use; the segmenter's model loads on the first cut).</summary>
    public ProjectLexicon Dictionary => _dictionary.Value;

    /// <summary>The hash stored beside every article's terms.</summary>
    public string DictionaryHash => Dictionary.Hash;

    /// <summary>The dictionary folder that options name: <c>Segmentation:DictionaryDirectory</c>, else <c>dict</c> in <c>Import:Directory</c>.</summary>
    public static string DictionaryDirectoryOf(SegmentationOptions segmentation, ImportOptions import)
    {
        ArgumentNullException.ThrowIfNull(segmentation);
        ArgumentNullException.ThrowIfNull(import);
        return segmentation.DictionaryDirectory.Length > 0 ? segmentation.DictionaryDirectory : Path.Combine(import.Directory, "dict");
    }

    /// <summary>The terms of <paramref name="text"/> in order, repeats included.</summary>
    public IReadOnlyList<string> Segment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dictionary = _prepared.Value;
        var folded = ProjectLexicon.Fold(text);
        var terms = new List<string>();
        JiebaLock.EnterReadLock();
        try
        {
            foreach (var token in _jieba!.Cut(folded, cutAll: false, hmm: false))
            {
                var term = token.Trim();
                if (term.Length > 0 && term.Any(char.IsLetterOrDigit))
                {
                    terms.Add(dictionary.Canonical(term));
                    if (dictionary.Parts.TryGetValue(term, out var parts))
                    {
                        terms.AddRange(parts.Select(dictionary.Canonical));
                    }
                }
            }
        }
        finally
        {
            JiebaLock.ExitReadLock();
        }

        return terms;
    }

    /// <summary>The terms of an article's title and body.</summary>
    public ArticleTerms Terms(string title, string bodyText)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(bodyText);
        return ArticleTerms.From(Segment(title).Concat(Segment(bodyText)));
    }

    /// <summary>
    /// The terms a keyword stands for: an article matches the keyword when it has all of them.
    /// Empty when the keyword has no letters or digits.
    /// </summary>
    public IReadOnlyList<string> KeywordTerms(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        return Segment(keyword).Distinct(StringComparer.Ordinal).ToList();
    }

    private static ProjectLexicon Prepare(ProjectLexicon dictionary)
    {
        JiebaLock.EnterWriteLock();
        try
        {
            if (_jieba is null)
            {
                var folder = Path.Combine(AppContext.BaseDirectory, ModelFolder);
                if (!File.Exists(Path.Combine(folder, "dict.txt")))
                {
                    throw new InvalidOperationException($"The segmenter's model files are missing from {folder}; the build copies them from the jieba.NET package.");
                }

                ConfigManager.ConfigFileBaseDir = folder;
                _jieba = new JiebaSegmenter();
            }

            foreach (var (word, frequency) in dictionary.Words)
            {
                if (AddedWords.Add((word, frequency)))
                {
                    _jieba.AddWord(word, frequency);
                }
            }
        }
        finally
        {
            JiebaLock.ExitWriteLock();
        }

        return dictionary;
    }
}
