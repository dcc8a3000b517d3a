namespace InvestChn.Articles;

/// <summary>The result of importing one page file.</summary>
/// <param name="Path">The file, as the caller named it (relative to the current directory where possible).</param>
/// <param name="Outcome">What happened.</param>
/// <param name="ArticleId">The article the page became, unless rejected.</param>
/// <param name="Reason">One line saying why the page was rejected.</param>
public sealed record ImportItem(string Path, ImportOutcome Outcome, string? ArticleId = null, string? Reason = null);

/// <summary>Everything one import did, file by file in the order they were read.</summary>
public sealed class ImportReport(IReadOnlyList<ImportItem> items)
{
    public IReadOnlyList<ImportItem> Items { get; } = items;

    public int Added => Count(ImportOutcome.Added);

    public int Updated => Count(ImportOutcome.Updated);

    public int Unchanged => Count(ImportOutcome.Unchanged);

    public int Rejected => Count(ImportOutcome.Rejected);

    /// <summary>True when the store changed (feeds then need rebuilding).</summary>
    public bool ChangedStore => Added + Updated > 0;

    /// <summary>The summary line the CLI prints.</summary>
    public string Summary => $"added {Added}, updated {Updated}, unchanged {Unchanged}, rejected {Rejected}";

    private int Count(ImportOutcome outcome) => Items.Count(i => i.Outcome == outcome);
}

/// <summary>How far an import has come.</summary>
public readonly record struct ImportProgress(int Done, int Total);
