using System.Globalization;
using System.Text;
using InvestChn.Articles;

namespace InvestChn.Benchmarks;

/// <summary>
/// Writes synthetic article pages shaped like the site's: a third extracted text in UTF-8, a third
/// CMS HTML in UTF-8, a third text in GB18030; five to nine paragraphs of Chinese each.
/// </summary>
internal static class PageGenerator
{
    private static readonly string[] Channels = ["开发区新闻 > 文字新闻", "政策法规 > 国家政策", "政策法规 > 地方政策", "招商项目 > 项目发布", "投资动态"];

    private static readonly string[] Places = ["临安经济开发区", "青山湖科技城", "苏州工业园区", "嘉兴经济技术开发区", "合肥高新区", "南通经济技术开发区"];

    private static readonly string[] Sentences =
    [
        "园区坚持项目为王，围绕主导产业开展精准招商，新签约项目质量持续提升。",
        "管委会表示，将进一步优化营商环境，为企业提供全生命周期服务。",
        "今年以来，区内规上工业增加值同比增长百分之八点六，高于全市平均水平。",
        "项目总投资约二十五亿元，建成后预计年产值超过四十亿元，新增就业岗位一千二百个。",
        "会议强调，要紧盯重点项目，抓好要素保障，推动签约项目早开工、早投产、早见效！",
        "与会企业代表围绕人才引进、用地保障、融资服务等问题提出意见建议。",
        "下一步，园区将加快标准厂房建设，提升承载能力，吸引更多优质项目落户。",
        "据介绍，该平台已集聚研发机构三十余家，累计服务中小企业超过两千家次。",
    ];

    public static void Write(string directory, int count) => Write(directory, count, new DateOnly(2024, 1, 1), 1000, 5);

    /// <summary>
    /// <paramref name="count"/> pages dated within <paramref name="days"/> days from <paramref name="firstDate"/>,
    /// each of <paramref name="minParagraphs"/> to <paramref name="minParagraphs"/> + 4 paragraphs.
    /// </summary>
    public static void Write(string directory, int count, DateOnly firstDate, int days, int minParagraphs)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(20261128);
        for (var i = 0; i < count; i++)
        {
            var place = Places[random.Next(Places.Length)];
            var title = $"{place}第{i + 1}号重点项目签约仪式举行";
            var date = firstDate.AddDays(random.Next(days)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var channel = Channels[random.Next(Channels.Length)];
            var paragraphs = Enumerable.Range(0, minParagraphs + random.Next(5))
                .Select(_ => string.Concat(Enumerable.Range(0, 2 + random.Next(3)).Select(_ => Sentences[random.Next(Sentences.Length)])))
                .ToList();
            switch (i % 3)
            {
                case 0:
                    File.WriteAllText(Path.Combine(directory, $"{i:D6}.txt"), Text(title, date, channel, paragraphs), new UTF8Encoding(false));
                    break;
                case 1:
                    File.WriteAllText(Path.Combine(directory, $"{i:D6}.html"), Html(title, date, channel, paragraphs, i), new UTF8Encoding(false));
                    break;
                default:
                    File.WriteAllBytes(Path.Combine(directory, $"{i:D6}.txt"), PageDecoder.Gb18030.GetBytes(Text(title, date, channel, paragraphs)));
                    break;
            }
        }
    }

    private static string Text(string title, string date, string channel, List<string> paragraphs)
    {
        var builder = new StringBuilder()
            .Append("打造网上国际投资促进平台 致力于中国投资促进事业\n")
            .Append("您现在的位置:首页 > ").Append(channel).Append('\n')
            .Append(title).Append('\n')
            .Append("发布时间:").Append(date).Append("    来源:投促中国\n\n");
        foreach (var paragraph in paragraphs)
        {
            builder.Append("  ").Append(paragraph).Append("\n\n");
        }

        return builder
            .Append("上一条:上一条新闻\n下一条:下一条新闻\n与我们联系\n  • 联系电话:+86-0512-53660867\n")
            .Append("Copyright © 2015-2024 InvestCHN.com All Rights Reserved.\n")
            .ToString();
    }

    private static string Html(string title, string date, string channel, List<string> paragraphs, int number)
    {
        var crumbs = string.Join(" &gt; ", channel.Split(" > ").Select(c => $"<a href=\"/list/\">{c}</a>"));
        var builder = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(title).Append(" - 投促中国</title>")
            .Append("<link rel=\"canonical\" href=\"https://www.investchn.com/news/").Append(number).Append(".html\">")
            .Append("<style>.content p{line-height:2em}</style><script>var _hmt=[];</script></head><body>")
            .Append("<div class=\"header\"><div class=\"slogan\">打造网上国际投资促进平台</div><ul class=\"menu\"><li><a href=\"/\">首页</a></li></ul></div>")
            .Append("<div class=\"position\">您现在的位置：<a href=\"/\">首页</a> &gt; ").Append(crumbs).Append("</div>")
            .Append("<div class=\"article\"><h1>").Append(title).Append("</h1>")
            .Append("<div class=\"info\">发布时间：").Append(date).Append("&nbsp;&nbsp;来源：投促中国</div><div class=\"content\">");
        foreach (var paragraph in paragraphs)
        {
            builder.Append("<p>　　").Append(paragraph).Append("</p>");
        }

        return builder
            .Append("</div><div class=\"prevnext\"><p>上一条：<a href=\"/1.html\">上一条新闻</a></p></div></div>")
            .Append("<div class=\"footer\"><p>与我们联系</p><p>Copyright &copy; 2015-2024 InvestCHN.com</p></div></body></html>")
            .ToString();
    }
}
