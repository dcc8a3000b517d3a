using InvestChn.Text;
using RazorLight;

namespace InvestChn.Digests.Templates;

/// <summary>
/// Base of the plain-text templates (<c>@inherits InvestChn.Digests.Templates.TextTemplate&lt;DigestModel&gt;</c>):
/// nothing is HTML-encoded, and <see cref="Wrap"/> wraps Chinese text by display width.
/// </summary>
public abstract class TextTemplate<TModel> : TemplatePage<TModel>
{
    protected TextTemplate()
    {
        DisableEncoding = true;
    }

    /// <summary>
    /// <paramref name="text"/> wrapped to <paramref name="columns"/> display columns (an ideograph
    /// takes two), every line starting with <paramref name="indent"/>; never breaks before 。，」 or
    /// after 「（, nor inside a Latin word or a URL.
    /// </summary>
    public string Wrap(string text, int columns = 72, string indent = "") => TextWrap.Wrap(text, columns, indent);
}
