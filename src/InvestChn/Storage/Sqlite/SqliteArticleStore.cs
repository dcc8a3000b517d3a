using System.Data.Common;
using InvestChn.Articles;

namespace InvestChn.Storage.Sqlite;

/// <summary>The article store on an embedded SQLite file.</summary>
public sealed class SqliteArticleStore(SqliteDatabase database) : ArticleStore(SqlDialect.Sqlite)
{
    public override async Task<IArticleImportSession> BeginImportAsync(CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            // Immediate: take the write lock now, so the sequence numbers read inside are final.
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new ArticleImportSession(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await database.OpenAsync(cancellationToken);
}
