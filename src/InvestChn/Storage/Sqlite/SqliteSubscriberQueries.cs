using System.Data.Common;

namespace InvestChn.Storage.Sqlite;

/// <summary>The admin API's subscriber queries on the embedded SQLite file.</summary>
public sealed class SqliteSubscriberQueries(SqliteDatabase database, TimeProvider time) : SubscriberQueries(SqlDialect.Sqlite, time)
{
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await database.OpenAsync(SqliteDatabase.SmallCacheKibibytes, cancellationToken);
}
