using System.Data.Common;

namespace InvestChn.Storage.Sqlite;

/// <summary>The admin API's outbox queries on the embedded SQLite file.</summary>
public sealed class SqliteDeliveryQueries(SqliteDatabase database) : DeliveryQueries
{
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
}
