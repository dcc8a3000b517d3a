namespace InvestChn.Publisher.Web.Admin;

/// <summary>The admin JSON API (section <c>Admin</c>); the key comes from the environment (<c>INVESTCHN_Admin__ApiKey</c>), never from a file in the repository.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>The shortest key accepted: a guessable key would make the API an open door.</summary>
    public const int MinKeyLength = 16;

    /// <summary>The key clients send as <c>X-Api-Key</c> or <c>Authorization: Bearer</c>; empty turns the API off (every route answers 404).</summary>
    public string? ApiKey { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(ApiKey);
}
