using System.Collections.Concurrent;
using InvestChn.Text;
using RazorLight;

namespace InvestChn.Digests.Templates;

/// <summary>
/// Base of the plain-text templates (<c>@inherits InvestChn.Digests.Templates.TextTemplate&lt;DigestModel&gt;</c>):
/// nothing is HTML-encoded, and <see cref="Wrap"/> wraps Chinese text by display width.
/// </summary>
public abstract class TextTemplate<TModel> : TemplatePage<TModel>
{
    /// <summary>Wrapped texts kept; past this many the store starts afresh.</summary>
    private const int MaxWrapped = 2048;

    /// <summary>
    /// Every digest of an edition wraps the same titles and excerpts, so their wrapped forms are
    /// kept (wrapping is a pure function of its arguments). Texts that differ per recipient pass
    /// through too and are dropped with everything else when the store is full.
    /// </summary>
    private static readonly ConcurrentDictionary<(string Text, int Columns, string Indent), string> Wrapped = new();

    private static int _wrappedCount;

    protected TextTemplate()
    {
        DisableEncoding = true;
    }

    /// <summary>
    /// <paramref name="text"/> wrapped to <paramref name="columns"/> display columns (an ideograph
    /// takes two), every line starting with <paramref name="indent"/>; never breaks before 。，」 or
    /// after 「（, nor inside a Latin word or a URL.
    /// </summary>
    public string Wrap(string text, int columns = 72, string indent = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(indent);
        if (RecipientSlots.Contains(text))
        {
            // Rendered once for many recipients: the line breaks depend on each one's values.
            return RecipientSlots.DeferWrap(text, columns, indent);
        }

        var key = (text, columns, indent);
        if (Wrapped.TryGetValue(key, out var wrapped))
        {
            return wrapped;
        }

        wrapped = TextWrap.Wrap(text, columns, indent);
        if (Interlocked.Increment(ref _wrappedCount) > MaxWrapped)
        {
            Wrapped.Clear();
            Interlocked.Exchange(ref _wrappedCount, 0);
        }

        Wrapped.TryAdd(key, wrapped);
        return wrapped;
    }
}
