namespace InvestChn.Publisher.Web.Admin;

/// <summary>A CSV row that was not imported: the line it starts on and what is wrong with it.</summary>
internal sealed record ImportProblem(int Line, string Problem);
