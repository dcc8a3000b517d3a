namespace InvestChn.Tests;

/// <summary>Where fixtures and the repository's own seeds are.</summary>
internal static class TestPaths
{
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Seeds => Path.Combine(RepositoryRoot, "seeds");

    public static string Templates => Path.Combine(RepositoryRoot, "templates");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InvestChn.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("InvestChn.sln not found above " + AppContext.BaseDirectory);
    }
}
