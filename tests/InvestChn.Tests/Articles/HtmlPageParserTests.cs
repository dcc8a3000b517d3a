using InvestChn.Articles;

namespace InvestChn.Tests.Articles;

public class HtmlPageParserTests
{
    private static string Page(string content, string head = "<meta charset=\"utf-8\">") => $"""
        <!DOCTYPE html><html><head>{head}<title>标题 - 投促中国</title></head><body>
        <div class="header"><h2 class="logo">投促中国</h2><div class="slogan">打造网上国际投资促进平台</div></div>
        <div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zc/">政策法规</a> &gt; <span>国家政策</span></div>
        <div class="article"><h1>关于促进外商投资的若干措施</h1>
        <div class="info">发布时间：2025-06-18 10:20&nbsp;&nbsp;来源：商务部网站</div>
        <div class="content">{content}</div>
        <div class="prevnext"><p>上一篇：<a href="/1.html">上一条新闻</a></p></div></div>
        <footer><p>联系我们</p><p>Copyright &copy; InvestCHN</p></footer>
        </body></html>
        """;

    private static ParsedPage Parse(string html) => HtmlPageParser.Parse(html, ParseContexts.Default).Page!;

    [Fact]
    public void Parse_TypicalCmsPage_ReadsEveryField()
    {
        var page = Parse(Page("<p>　　第一段。</p><p>　　第二段。</p>"));

        Assert.Equal("关于促进外商投资的若干措施", page.Title);
        Assert.Equal(new DateTimeOffset(2025, 6, 18, 10, 20, 0, TimeSpan.FromHours(8)), page.PublishedAt);
        Assert.Equal("商务部网站", page.Source);
        Assert.Equal(["政策法规", "国家政策"], page.ChannelPath);
        Assert.Equal(["<p>第一段。</p>", "<p>第二段。</p>"], page.Body.Select(b => b.Html));
    }

    [Fact]
    public void Parse_Entities_AreDecodedAndReEscaped()
    {
        var page = Parse(Page("<p>&ldquo;双招双引&rdquo;&amp;营商环境&middot;优化&nbsp;提升</p>"));

        Assert.Equal("“双招双引”&营商环境·优化 提升", page.Body[0].Text);
        Assert.Equal("<p>“双招双引”&amp;营商环境·优化 提升</p>", page.Body[0].Html);
    }

    [Fact]
    public void Parse_DangerousMarkup_IsRemoved()
    {
        var page = Parse(Page(
            "<p onclick=\"steal()\" style=\"color:red\">正文<script>alert(1)</script><a href=\"javascript:alert(1)\">链接</a>" +
            "<img src=\"x.png\" onerror=\"alert(1)\"><iframe src=\"https://evil.example/\"></iframe></p>"));

        var html = page.Body[0].Html;
        Assert.Equal("<p>正文链接<img src=\"https://www.investchn.com/x.png\" alt=\"\"></p>", html);
    }

    [Fact]
    public void Parse_RelativeLinksAndFormatting_AreKeptAbsolute()
    {
        var page = Parse(Page("<p>详见<a href=\"/policy/123.html\" target=\"_blank\"><strong>政策原文</strong></a>和<b>附件</b>。</p>"));

        Assert.Equal("<p>详见<a href=\"https://www.investchn.com/policy/123.html\"><strong>政策原文</strong></a>和<strong>附件</strong>。</p>", page.Body[0].Html);
        Assert.Equal("详见政策原文和附件。", page.Body[0].Text);
    }

    [Fact]
    public void Parse_Table_KeepsItsStructureWithoutAttributes()
    {
        var page = Parse(Page("<p>项目如下：</p><table border=\"1\" style=\"x\"><tr><th>项目</th><th>投资</th></tr><tr><td colspan=\"2\">智能制造基地</td></tr></table>"));

        Assert.Equal("<table><tbody><tr><th>项目</th><th>投资</th></tr><tr><td colspan=\"2\">智能制造基地</td></tr></tbody></table>", page.Body[1].Html);
        Assert.Equal("项目 投资 智能制造基地", page.Body[1].Text);
    }

    [Fact]
    public void Parse_CanonicalLink_IsTheArticleUrl()
    {
        var page = Parse(Page("<p>正文。</p>", "<meta charset=\"utf-8\"><link rel=\"canonical\" href=\"/news/2025/0618/77.html\">"));

        Assert.Equal(new Uri("https://www.investchn.com/news/2025/0618/77.html"), page.CanonicalUrl);
    }

    [Fact]
    public void Parse_BodyWithoutParagraphElements_ReadsTextRuns()
    {
        var page = Parse(Page("　　第一段文字。<br><br>　　第二段文字。"));

        Assert.Equal(["第一段文字。", "第二段文字。"], page.Body.Select(b => b.Text));
    }

    [Fact]
    public void Parse_NoHeading_FallsBackToTheTitleElement()
    {
        var html = "<html><head><title>园区新签约项目 - 投促中国</title></head><body><div class=\"info\">发布时间：2024-05-01</div><div class=\"content\"><p>正文。</p></div></body></html>";

        var page = Parse(html);

        Assert.Equal("园区新签约项目", page.Title);
    }
}
