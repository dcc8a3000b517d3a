namespace InvestChn.Delivery;

/// <summary>How the SMTP connection is protected (<c>Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text; for a relay on the same host or a private network only.</summary>
    None,

    /// <summary>STARTTLS, required: the connection fails rather than continue in plain text.</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,

    /// <summary>TLS on port 465, else STARTTLS when offered; may silently continue in plain text, so only when chosen on purpose.</summary>
    Auto,
}
