using RazorLight;

namespace InvestChn.Digests.Templates;

/// <summary>
/// Base of the HTML templates (<c>@inherits InvestChn.Digests.Templates.HtmlTemplate&lt;DigestModel&gt;</c>):
/// <c>@</c> escapes markup characters but writes Chinese as characters rather than <c>&amp;#x...;</c> entities.
/// </summary>
public abstract class HtmlTemplate<TModel> : TemplatePage<TModel>
{
    protected HtmlTemplate()
    {
        HtmlEncoder = TemplateEncoding.Html;
    }
}
