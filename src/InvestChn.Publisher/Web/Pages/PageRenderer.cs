using InvestChn.Digests;
using InvestChn.Digests.Templates;
using Microsoft.Extensions.Options;

namespace InvestChn.Publisher.Web.Pages;

/// <summary>Renders the public pages from the Razor templates in <c>Templates:Directory</c>/pages, which admins may edit.</summary>
public sealed class PageRenderer
{
    /// <summary>The folder of the page templates under <c>Templates:Directory</c>.</summary>
    public const string Folder = "pages";

    public const string Subscribe = "Subscribe.cshtml";
    public const string Preferences = "Preferences.cshtml";
    public const string Unsubscribe = "Unsubscribe.cshtml";
    public const string Message = "Message.cshtml";
    public const string Layout = "_Page.cshtml";

    private readonly TemplateSet _templates;

    public PageRenderer(IOptions<TemplatesOptions> options)
    {
        _templates = new TemplateSet(Path.Combine(options.Value.Directory, Folder), [Layout, Subscribe, Preferences, Unsubscribe, Message], typeof(PageRenderer).Assembly, options.Value.CacheDirectory);
    }

    /// <summary>Compiles every page template; the problems (file, line, message), empty when all compile.</summary>
    public Task<IReadOnlyList<string>> CompileAllAsync() => _templates.CompileAllAsync();

    /// <summary>The page <paramref name="name"/> with <paramref name="model"/>.</summary>
    public Task<string> RenderAsync<TModel>(string name, TModel model)
        where TModel : PageModel => _templates.RenderAsync(name, model);
}
