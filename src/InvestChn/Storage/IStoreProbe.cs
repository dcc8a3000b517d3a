namespace InvestChn.Storage;

/// <summary>Tells whether the store answers, for readiness checks; one implementation per database.</summary>
public interface IStoreProbe
{
    /// <summary>Null when the store can be opened and its schema is in place; otherwise what is wrong, in one line.</summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken = default);
}
