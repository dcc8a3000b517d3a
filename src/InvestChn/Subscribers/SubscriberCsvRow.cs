namespace InvestChn.Subscribers;

/// <summary>One data row of a subscriber CSV file: the subscriber it describes, or why it was not read.</summary>
/// <param name="Line">1-based line the row starts on.</param>
/// <param name="Input">The subscriber, when the row is fine.</param>
/// <param name="Problem">What is wrong with the row, when it is not.</param>
public sealed record SubscriberCsvRow(int Line, SubscriberInput? Input, string? Problem)
{
    internal static SubscriberCsvRow Bad(int line, string problem) => new(line, null, problem);
}
