using InvestChn.Articles;

namespace InvestChn.Tests.Articles;

/// <summary>CMS and text-extraction variants seen on Chinese government and zone sites, each with what a reader should get.</summary>
public class PageVariantTests
{
    [Theory]
    [InlineData("article-header.html", "园区签约十二个项目", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 2, "第一段正文。")]
    [InlineData("contact-paragraph.html", "园区签约十二个项目", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 3, "第一段正文。")]
    [InlineData("contact-paragraph.txt", "招商项目发布", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 3, "项目总投资5亿元。")]
    [InlineData("dash-breadcrumb.txt", "园区签约十二个项目", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 1, "第一段。")]
    [InlineData("font-and-print-controls.txt", "标题六", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 1, "正文。")]
    [InlineData("gb-labelled-big5.html", "苏州工业园区举办外资企业圆桌会 共商开放合作新机遇", "2025-03-07 00:00", "苏州工业园区管委会", "开发区新闻/文字新闻", 5, "3月6日，苏州工业园区")]
    [InlineData("gb-labelled-latin1.html", "苏州工业园区举办外资企业圆桌会 共商开放合作新机遇", "2025-03-07 00:00", "苏州工业园区管委会", "开发区新闻/文字新闻", 5, "3月6日，苏州工业园区")]
    [InlineData("icp-in-body.html", "外资企业增值电信业务办理指南", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 3, "第一段正文。")]
    [InlineData("icp-in-body.txt", "外资企业增值电信业务办理指南", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 3, "第一段正文。")]
    [InlineData("info-in-spans.html", "园区签约十二个项目", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 2, "第一段正文。")]
    [InlineData("iso-time.txt", "标题四", "2023-01-30 09:30", "今日临安", "开发区新闻/文字新闻", 1, "正文。")]
    [InlineData("label-and-date-split.html", "园区签约十二个项目", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 2, "第一段正文。")]
    [InlineData("logo-heading.html", "园区签约十二个项目", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 2, "第一段正文。")]
    [InlineData("marked-chrome.txt", "园区签约十二个项目", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 1, "第一段。")]
    [InlineData("no-colon.txt", "标题五", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 1, "正文。")]
    [InlineData("position-words-in-body.txt", "园区签约十二个项目", "2023-01-30 00:00", "今日临安", "", 3, "第一段。")]
    [InlineData("related-links.html", "园区签约十二个项目", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 1, "园区签约十二个项目。")]
    [InlineData("short-body.html", "园区签约十二个项目", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 1, "园区签约十二个项目，总投资八十亿元。")]
    [InlineData("sidebar-with-date.html", "园区签约十二个项目", "2023-01-30 09:30", "今日临安", "开发区新闻/文字新闻", 2, "第一段正文。")]
    [InlineData("source-line-above-info.txt", "临安区召开开门红动员会", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 1, "第一段正文。")]
    [InlineData("subtitle.txt", "开局即决战 起跑就冲刺", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 1, "正文。")]
    [InlineData("table-layout-br.html", "园区签约十二个项目", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 2, "第一段正文。")]
    [InlineData("trs-editor-controls.html", "园区签约十二个项目", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 2, "第一段正文。")]
    [InlineData("utf8-stray-byte.txt", "开局即决战 起跑就冲刺 奋力夺取全市经济开门红首季红", "2023-01-30 00:00", "今日临安", "开发区新闻/文字新闻", 10, "1月29日下午")]
    public void Parse_Variant_GivesWhatAReaderSees(string file, string title, string published, string source, string channel, int paragraphs, string firstParagraphStart)
    {
        var result = ParseContexts.ParseFixture("variants", file);

        Assert.True(result.Page is not null, result.Rejection);
        var page = result.Page;
        Assert.Equal(title, page.Title);
        Assert.Equal(published, TimeZoneInfo.ConvertTime(page.PublishedAt, ParseContexts.Shanghai).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(source, page.Source);
        Assert.Equal(channel, string.Join('/', page.ChannelPath));
        Assert.StartsWith(firstParagraphStart, page.Body[0].Text, StringComparison.Ordinal);
        Assert.Equal(paragraphs, page.Body.Count(b => b.Text.Length > 0));
        var text = string.Join("\n", page.Body.Select(b => b.Text));
        foreach (var chrome in new[] { "上一条", "下一条", "上一篇", "与我们联系", "Copyright", "COPYRIGHT", "版权所有", "字体", "打印", "分享到", "相关阅读", "53660867" })
        {
            Assert.DoesNotContain(chrome, text, StringComparison.Ordinal);
        }
    }
}
