namespace InvestChn.Publisher.Web.Admin;

/// <summary>What a CSV import did: the counts, and every rejected row with its line and reason.</summary>
internal sealed record ImportSummary(int Added, int Updated, int Unchanged, int Rejected, IReadOnlyList<ImportProblem> Problems);
