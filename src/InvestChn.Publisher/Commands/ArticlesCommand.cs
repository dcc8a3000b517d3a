using System.CommandLine;
using System.Globalization;
using InvestChn.Articles;
using InvestChn.Publisher.Output;
using InvestChn.Storage;
using InvestChn.Text;
using InvestChn.Topics;
using Microsoft.Extensions.Options;

namespace InvestChn.Publisher.Commands;

/// <summary><c>articles list</c>, <c>articles show ID</c>, <c>articles topics</c> and <c>articles reindex</c>: look at the store and its terms.</summary>
internal static class ArticlesCommand
{
    public static Command Create(CommandHost host)
    {
        var command = new Command("articles", "Look at the articles in the store");
        command.Subcommands.Add(CreateList(host));
        command.Subcommands.Add(CreateShow(host));
        command.Subcommands.Add(CreateTopics(host));
        command.Subcommands.Add(CreateReindex(host));
        return command;
    }

    private static Command CreateTopics(CommandHost host)
    {
        var top = new Option<int>("--top") { Description = "How many terms", DefaultValueFactory = _ => 30 };
        var days = new Option<int>("--days") { Description = "Over the articles published in the last D days", DefaultValueFactory = _ => 30 };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        foreach (var (option, max) in new[] { (top, 10_000), (days, 36_500) })
        {
            option.Validators.Add(result =>
            {
                if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, out var value) && (value < 1 || value > max))
                {
                    result.AddError($"{option.Name} must be between 1 and {max}");
                }
            });
        }

        var command = new Command("topics", "The terms that stand out in recent articles (TF-IDF over the store), to help define topics") { top, days, json };
        command.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                var indexer = services.GetRequiredService<TermIndexer>();
                var stale = await indexer.CountStaleAsync(ct);
                if (stale > 0)
                {
                    await Console.Error.WriteLineAsync($"Note: {stale} articles were segmented with another dictionary; run 'investchn articles reindex' for current terms.");
                }

                var ranks = await services.GetRequiredService<TopicTermRanking>().RankAsync(parse.GetValue(top), parse.GetValue(days), ct);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(Console.Out, ranks);
                    return ExitCodes.Ok;
                }

                if (ranks.Count == 0)
                {
                    Console.WriteLine($"No terms: no segmented article was published in the last {parse.GetValue(days)} days.");
                    return ExitCodes.Ok;
                }

                var table = new TextTable("TERM", "SCORE", "ARTICLES", "OCCURRENCES");
                foreach (var rank in ranks)
                {
                    table.Add(rank.Term, rank.Score.ToString("F4", CultureInfo.InvariantCulture), rank.Articles.ToString(CultureInfo.InvariantCulture), rank.Occurrences.ToString(CultureInfo.InvariantCulture));
                }

                table.WriteTo(Console.Out);
                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateReindex(CommandHost host)
    {
        var stale = new Option<bool>("--stale") { Description = "Only articles segmented with another dictionary (default: every article)" };
        var command = new Command("reindex", "Segment the stored articles again with the current dictionary (after editing seeds/dict)") { stale };
        command.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                var indexer = services.GetRequiredService<TermIndexer>();
                var count = await indexer.ReindexAsync(all: !parse.GetValue(stale), cancellationToken: ct);
                var hash = services.GetRequiredService<TermSegmenter>().DictionaryHash;
                Console.WriteLine($"re-segmented {count} articles (dictionary {hash})");
                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateList(CommandHost host)
    {
        var channel = new Option<string?>("--channel") { Description = "Only this channel and those below it, e.g. 开发区新闻 or 开发区新闻/文字新闻" };
        var limit = new Option<int>("--limit") { Description = "At most this many (newest first)", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        limit.Validators.Add(result =>
        {
            // Only judge values that parsed; a non-number already has the parser's own error.
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, out var value) && value is < 1 or > 100_000)
            {
                result.AddError("--limit must be between 1 and 100000");
            }
        });

        var command = new Command("list", "List articles, newest first") { channel, limit, json };
        command.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                var articles = await services.GetRequiredService<IArticleStore>()
                    .ListAsync(new ArticleQuery(parse.GetValue(channel), parse.GetValue(limit)), ct);
                var zone = SiteTimeZone(services);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(Console.Out, articles.Select(a => ArticleJson.Summary(a, zone)));
                    return ExitCodes.Ok;
                }

                if (articles.Count == 0)
                {
                    Console.WriteLine("No articles (import some with: investchn import PATH).");
                    return ExitCodes.Ok;
                }

                var table = new TextTable("ID", "PUBLISHED", "CHANNEL", "TITLE");
                foreach (var article in articles)
                {
                    table.Add(article.Id, Local(article.PublishedAt, zone), DisplayWidth.Truncate(article.Channel, 24), DisplayWidth.Truncate(article.Title, 60));
                }

                table.WriteTo(Console.Out);
                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateShow(CommandHost host)
    {
        var id = new Argument<string>("ID") { Description = "The article's id (from articles list)" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("show", "Show one article with its body") { id, json };
        command.SetAction((parse, cancellationToken) => host.RunAsync(
            async (services, ct) =>
            {
                var wanted = parse.GetValue(id)!.Trim();
                var article = await services.GetRequiredService<IArticleStore>().GetAsync(wanted, ct);
                if (article is null)
                {
                    await Console.Error.WriteLineAsync($"No article has id '{wanted}' (see: articles list).");
                    return ExitCodes.Failed;
                }

                var zone = SiteTimeZone(services);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(Console.Out, ArticleJson.Detail(article, zone));
                    return ExitCodes.Ok;
                }

                var output = Console.Out;
                output.WriteLine(article.Title);
                output.WriteLine();
                output.WriteLine($"id         {article.Id} (import #{article.Sequence})");
                output.WriteLine($"published  {Local(article.PublishedAt, zone)}");
                output.WriteLine($"source     {(article.Source.Length == 0 ? "-" : article.Source)}");
                output.WriteLine($"channel    {(article.Channel.Length == 0 ? "-" : article.Channel)}");
                output.WriteLine($"url        {article.Url}{(article.UrlIsDerived ? " (derived)" : string.Empty)}");
                output.WriteLine($"imported   {Local(article.FirstImportedAt, zone)}, updated {Local(article.UpdatedAt, zone)}");
                output.WriteLine();
                foreach (var paragraph in article.Paragraphs)
                {
                    output.WriteLine(paragraph);
                    output.WriteLine();
                }

                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    private static TimeZoneInfo SiteTimeZone(IServiceProvider services) =>
        TimeZoneInfo.FindSystemTimeZoneById(services.GetRequiredService<IOptions<ImportOptions>>().Value.TimeZone);

    private static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
