using System.Data.Common;
using InvestChn.Articles;

namespace InvestChn.Storage.Sqlite;

/// <summary>The article store on an embedded SQLite file.</summary>
public sealed class SqliteArticleStore(SqliteDatabase database) : ArticleStore
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

    protected override string AnyOf(string column, string parameter) => $"{column} IN {parameter}";

    protected override IEnumerable<T>? ListOf<T>(IReadOnlyCollection<T>? values) => values;

    protected override string ContainsText(string column, string parameter) => $"instr({column}, {parameter}) > 0";
}
