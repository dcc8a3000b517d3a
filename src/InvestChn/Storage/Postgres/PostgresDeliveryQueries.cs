using System.Data.Common;

namespace InvestChn.Storage.Postgres;

/// <summary>The admin API's outbox queries on PostgreSQL.</summary>
public sealed class PostgresDeliveryQueries(PostgresDatabase database) : DeliveryQueries
{
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await database.OpenAsync(cancellationToken);
}
