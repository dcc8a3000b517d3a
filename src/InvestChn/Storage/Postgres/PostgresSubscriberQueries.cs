using System.Data.Common;

namespace InvestChn.Storage.Postgres;

/// <summary>The admin API's subscriber queries on PostgreSQL.</summary>
public sealed class PostgresSubscriberQueries(PostgresDatabase database, TimeProvider time) : SubscriberQueries(SqlDialect.Postgres, time)
{
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await database.OpenAsync(cancellationToken);
}
