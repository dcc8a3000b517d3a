using System.Diagnostics.CodeAnalysis;

namespace InvestChn.Storage;

/// <summary>The lower-case words of <see cref="DeliveryStatus"/> used in the store and the CLI.</summary>
public static class DeliveryStatusNames
{
    public static string Of(DeliveryStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, [NotNullWhen(true)] out DeliveryStatus? status)
    {
        status = null;
        if (text is not null && Enum.TryParse<DeliveryStatus>(text.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) &&
            !text.Trim().All(char.IsDigit))
        {
            status = parsed;
        }

        return status is not null;
    }
}
