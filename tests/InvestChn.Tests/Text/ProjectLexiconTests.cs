using InvestChn.Text;

namespace InvestChn.Tests.Text;

/// <summary>Reading seeds/dict-style folders: what a bad line says, and when the hash changes.</summary>
public sealed class ProjectLexiconTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Load_RepositoryDictionary_HasItsWordsAndSynonyms()
    {
        var lexicon = ProjectLexicon.Load(Path.Combine(TestPaths.Seeds, "dict"));

        Assert.Contains(lexicon.Words, w => w.Word == "青山湖科技城");
        Assert.Equal("招商引资", lexicon.Canonical("招引"));
        Assert.Equal("投资促进", lexicon.Canonical("投促"));
        Assert.Equal(["临安"], lexicon.Parts["临安经济开发区"]);
        Assert.False(lexicon.Parts.ContainsKey("招商引资"));
    }

    [Fact]
    public void Load_BadFrequency_NamesTheFileTheLineAndTheValue()
    {
        var path = Write("places.txt", "# places\n临安\n青山湖科技城 many\n");

        var error = Assert.Throws<InvalidDataException>(() => ProjectLexicon.Load(_dir.Path));

        Assert.Equal($"{path} line 3: frequency 'many' is not a positive whole number", error.Message);
    }

    [Fact]
    public void Load_TermInTwoSynonymGroups_NamesBothLines()
    {
        var path = Write("synonyms.txt", "招商引资 = 招引\n\n招引 = 引资\n");

        var error = Assert.Throws<InvalidDataException>(() => ProjectLexicon.Load(_dir.Path));

        Assert.Equal($"{path} line 3: '招引' is already in the group on line 1", error.Message);
    }

    [Fact]
    public void Load_SynonymLineWithoutEquals_SaysWhatIsExpected()
    {
        Write("synonyms.txt", "招商引资 招引\n");

        var error = Assert.Throws<InvalidDataException>(() => ProjectLexicon.Load(_dir.Path));

        Assert.EndsWith("line 1: '招商引资 招引' is not 'term = synonym [= synonym ...]'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_ChangesWithAWordOrSynonym_NotWithCommentsOrOrder()
    {
        Write("places.txt", "临安\n青山湖科技城\n");
        var first = ProjectLexicon.Load(_dir.Path).Hash;

        Write("places.txt", "# zones\n青山湖科技城\n临安   # district\n");
        var reordered = ProjectLexicon.Load(_dir.Path).Hash;
        Write("places.txt", "临安\n青山湖科技城\n临安经济开发区\n");
        var moreWords = ProjectLexicon.Load(_dir.Path).Hash;
        Write("places.txt", "临安\n青山湖科技城\n");
        Write("synonyms.txt", "投资促进 = 投促\n");
        var withSynonym = ProjectLexicon.Load(_dir.Path).Hash;

        Assert.Equal(first, reordered);
        Assert.NotEqual(first, moreWords);
        Assert.NotEqual(first, withSynonym);
        Assert.NotEqual(moreWords, withSynonym);
    }

    [Fact]
    public void Load_MissingFolder_IsTheEmptyDictionary()
    {
        Assert.Equal(ProjectLexicon.Empty.Hash, ProjectLexicon.Load(_dir.File("no-such-folder")).Hash);
    }
}
