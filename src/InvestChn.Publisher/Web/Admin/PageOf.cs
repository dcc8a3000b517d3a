namespace InvestChn.Publisher.Web.Admin;

/// <summary>One page of a list: the items, how many the whole list holds, and where this page starts.</summary>
/// <typeparam name="T">The items.</typeparam>
internal sealed record PageOf<T>(IReadOnlyList<T> Items, long Total, int Offset, int Limit);
