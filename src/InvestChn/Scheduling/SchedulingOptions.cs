namespace InvestChn.Scheduling;

/// <summary>How the worker's schedules are shared between nodes (section <c>Scheduling</c>).</summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>
    /// True: the schedules live in the PostgreSQL store (Quartz's clustered job store, instance id
    /// AUTO), so each firing runs on one node of all those sharing the database, and a node that
    /// dies has its firings taken over. Needs <c>Storage:Provider=Postgres</c>.
    /// </summary>
    public bool Clustered { get; set; }

    /// <summary>How often a clustered node records that it is alive; another node takes over its firings after twice this without a check-in.</summary>
    public int CheckinSeconds { get; set; } = 10;
}
