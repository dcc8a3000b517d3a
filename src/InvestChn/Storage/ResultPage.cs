namespace InvestChn.Storage;

/// <summary>One page of a longer list, with how many items the whole list holds.</summary>
/// <typeparam name="T">The items.</typeparam>
/// <param name="Items">This page's items.</param>
/// <param name="Total">Items in the whole list (every page).</param>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, long Total);
