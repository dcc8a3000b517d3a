using InvestChn.Articles;
using InvestChn.Storage;

namespace InvestChn.Subscribers;

/// <summary>The admin side of subscribers: checks what is given, then saves it.</summary>
public sealed class SubscriberDirectory(ISubscriberStore store, IArticleStore articles, ChannelSlugs slugs)
{
    /// <summary>
    /// Checks every input (address, name, lists, and that each channel slug names a configured
    /// channel or one in the store), then saves the good ones in one transaction. Returns one
    /// result per input, in order: saved, or the problems that kept it out.
    /// </summary>
    public async Task<IReadOnlyList<SubscriberChange>> SaveAsync(IReadOnlyList<SubscriberInput> inputs, bool pending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var known = (await articles.ListChannelsAsync(cancellationToken)).Select(c => c.Channel).ToList();
        var checkedInputs = inputs.Select(input =>
        {
            var problems = SubscriberRules.Check(input).ToList();
            problems.AddRange(input.Channels
                .Where(c => ChannelSlugs.IsValidSlugText(c) && slugs.PathOf(c, known) is null)
                .Select(c => $"channel '{c}' is not a known channel slug (see the Channels section or 'investchn feeds build' output)"));
            return (input, problems);
        }).ToList();

        var good = checkedInputs.Where(c => c.problems.Count == 0).Select(c => c.input).ToList();
        var saved = good.Count == 0 ? [] : await store.SaveAsync(good, pending ? SubscriberStatus.Pending : SubscriberStatus.Active, cancellationToken);
        var results = new List<SubscriberChange>(inputs.Count);
        var next = 0;
        foreach (var (input, problems) in checkedInputs)
        {
            results.Add(problems.Count == 0 ? new SubscriberChange(input, saved[next++], []) : new SubscriberChange(input, null, problems));
        }

        return results;
    }
}
