namespace InvestChn.Articles;

/// <summary>What importing one page did.</summary>
public enum ImportOutcome
{
    /// <summary>A new article.</summary>
    Added,

    /// <summary>An existing article whose content or URL changed; it keeps its id and sequence.</summary>
    Updated,

    /// <summary>An existing article, byte for byte the same.</summary>
    Unchanged,

    /// <summary>The page could not be used; the reason says why.</summary>
    Rejected,
}
