namespace InvestChn.Storage;

/// <summary>The few words of SQL in which SQLite and PostgreSQL differ, for queries written once for both.</summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();

    public static readonly SqlDialect Postgres = new PostgresDialect();

    /// <summary>The condition that <paramref name="column"/> is one of the list parameter <paramref name="parameter"/>.</summary>
    public abstract string AnyOf(string column, string parameter);

    /// <summary>A list as the provider takes it for <see cref="AnyOf"/>; null stays null.</summary>
    public abstract IEnumerable<T>? ListOf<T>(IReadOnlyCollection<T>? values);

    /// <summary>The condition that the text <paramref name="text"/> contains the text <paramref name="part"/>.</summary>
    public abstract string ContainsText(string text, string part);

    private sealed class SqliteDialect : SqlDialect
    {
        // Dapper expands a list parameter into (@p1, @p2, ...).
        public override string AnyOf(string column, string parameter) => $"{column} IN {parameter}";

        public override IEnumerable<T>? ListOf<T>(IReadOnlyCollection<T>? values) => values;

        public override string ContainsText(string text, string part) => $"instr({text}, {part}) > 0";
    }

    private sealed class PostgresDialect : SqlDialect
    {
        // Npgsql passes a list parameter as one array.
        public override string AnyOf(string column, string parameter) => $"{column} = ANY({parameter})";

        public override IEnumerable<T>? ListOf<T>(IReadOnlyCollection<T>? values) => values?.ToArray();

        public override string ContainsText(string text, string part) => $"strpos({text}, {part}) > 0";
    }
}
