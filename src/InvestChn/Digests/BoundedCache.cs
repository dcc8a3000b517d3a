using System.Collections.Concurrent;

namespace InvestChn.Digests;

/// <summary>
/// Values worked out once and then shared by every digest that needs the same one (an edition's
/// article list, its subject, its encoded headers). Past <c>capacity</c> entries the cache starts
/// afresh, so a long-running worker keeps only what recent editions use.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _values = new();

    /// <summary>The value of <paramref name="key"/>, made with <paramref name="create"/> if missing (two threads may both make it; one value is kept).</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        if (_values.TryGetValue(key, out var value))
        {
            return value;
        }

        if (_values.Count >= capacity)
        {
            _values.Clear();
        }

        return _values.GetOrAdd(key, create);
    }
}
