namespace Pipeline.Api.Features.Notifications;

public sealed record NotificationQuery(bool? Unread, int? Page, int? PageSize);

public sealed class DeliveryDto
{
    public long NotificationId { get; init; }

    public string Channel { get; init; } = "";

    public string Status { get; init; } = "";

    public int Attempts { get; init; }

    public string? LastError { get; init; }

    public DateTime? SentAt { get; init; }
}

/// <summary>One of the caller's notifications: read in the app (<c>channel</c> inApp), with how its other channels fared.</summary>
public sealed class NotificationDto
{
    public long Id { get; init; }

    public string Kind { get; init; } = "";

    public long? AlertId { get; init; }

    public string? Level { get; init; }

    public string Channel => "inApp";

    public string Title { get; init; } = "";

    public string Body { get; init; } = "";

    public DateTime CreatedAt { get; init; }

    public DateTime? ReadAt { get; init; }

    public IReadOnlyList<DeliveryDto> Delivery { get; set; } = [];
}
