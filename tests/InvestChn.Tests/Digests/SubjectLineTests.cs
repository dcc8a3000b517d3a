using InvestChn.Digests;
using InvestChn.Tests.Storage;
using Microsoft.Extensions.Options;

namespace InvestChn.Tests.Digests;

/// <summary><c>Digests:SubjectFormat</c>: checked once, filled per digest, always one line.</summary>
public class SubjectLineTests
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["site"] = "投促中国 InvestCHN",
        ["edition"] = "每日要闻",
        ["date"] = "2026年11月28日",
        ["count"] = "3",
        ["headline"] = "临安出台\r\n人才新政十条\n（全文）",
    };

    [Fact]
    public void Format_HeadlineWithLineBreaks_GivesOneLine()
    {
        var subject = SubjectLine.Format("{edition}：{headline}", Values);

        Assert.Equal("每日要闻：临安出台 人才新政十条 （全文）", subject);
        Assert.DoesNotContain('\r', subject);
        Assert.DoesNotContain('\n', subject);
    }

    [Fact]
    public void Format_EveryPlaceholder_IsFilled()
    {
        var subject = SubjectLine.Format("{site} · {edition} · {date} · {count} 篇", Values);

        Assert.Equal("投促中国 InvestCHN · 每日要闻 · 2026年11月28日 · 3 篇", subject);
    }

    [Fact]
    public void Format_IdeographicSpace_IsKept()
    {
        var subject = SubjectLine.Format("{edition}　{date}", Values);

        Assert.Equal("每日要闻　2026年11月28日", subject);
    }

    [Theory]
    [InlineData("{edition} {foo}", "{foo}")]
    [InlineData("{edition} {Date}", "{Date}")]
    [InlineData("{edition} {date_cn}", "{date_cn}")]
    public void CheckFormat_UnknownPlaceholder_IsRejectedByName(string format, string placeholder)
    {
        var problem = SubjectLine.CheckFormat(format);

        Assert.NotNull(problem);
        Assert.Contains($"unknown placeholder {placeholder}", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{edition}\r\nBcc: x@example.com")]
    public void CheckFormat_EmptyOrMultiLine_IsRejected(string format)
    {
        Assert.NotNull(SubjectLine.CheckFormat(format));
    }

    [Fact]
    public void CheckFormat_DefaultFormat_IsAccepted()
    {
        Assert.Null(SubjectLine.CheckFormat(new DigestsOptions().SubjectFormat));
    }

    [Fact]
    public async Task Options_UnknownPlaceholderInSettings_FailValidationNamingTheKey()
    {
        await using var store = await TestStore.CreateAsync(new() { ["Digests:SubjectFormat"] = "{site} {headlines}" });

        var error = Assert.Throws<OptionsValidationException>(() => store.Get<IOptions<DigestsOptions>>().Value);

        Assert.Contains("Digests:SubjectFormat", error.Message, StringComparison.Ordinal);
        Assert.Contains("{headlines}", error.Message, StringComparison.Ordinal);
    }
}
