namespace InvestChn.Storage;

/// <summary>Brings the database schema up to the version this build expects; run once at start.</summary>
public interface IStoreMigrator
{
    /// <summary>Applies the migrations the database lacks, in order, and returns how many it applied.</summary>
    Task<int> MigrateAsync(CancellationToken cancellationToken = default);
}
