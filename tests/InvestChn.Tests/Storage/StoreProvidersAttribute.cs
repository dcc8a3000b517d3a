using System.Reflection;
using InvestChn.Storage;
using Xunit.Sdk;

namespace InvestChn.Tests.Storage;

/// <summary>
/// Runs a store test once per provider (SQLite, PostgreSQL): the method takes the provider name
/// and hands it to <see cref="TestStore.CreateOnAsync"/>. Use with <c>[SkippableTheory]</c>, so the
/// PostgreSQL case can report itself skipped where no server is configured.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class StoreProvidersAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        [[StorageOptions.Sqlite], [StorageOptions.Postgres]];
}
