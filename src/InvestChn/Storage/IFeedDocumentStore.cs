namespace InvestChn.Storage;

/// <summary>Feed documents kept in the shared database, so every node of a cluster serves the same ones (PostgreSQL only).</summary>
public interface IFeedDocumentStore
{
    /// <summary>The stamps of every stored document.</summary>
    Task<IReadOnlyList<StoredFeedStamp>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>One document's stamp, or null when there is none.</summary>
    Task<StoredFeedStamp?> FindAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>One document's bytes with their stamp, or null.</summary>
    Task<(StoredFeedStamp Stamp, byte[] Content)?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Stores the changed documents and removes the gone ones, in one transaction: readers see the old set or the new one.</summary>
    Task SaveAsync(IReadOnlyList<(string Name, string ETag, byte[] Content)> changed, IReadOnlyCollection<string> removed, CancellationToken cancellationToken = default);
}
