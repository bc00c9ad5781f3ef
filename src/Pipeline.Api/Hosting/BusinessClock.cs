namespace Pipeline.Api.Hosting;

/// <summary>"Now" as a UTC instant and "today" in the city's time zone (<c>Pipeline:TimeZone</c>, Asia/Shanghai by default).</summary>
public sealed class BusinessClock(TimeProvider time, TimeZoneInfo zone)
{
    public TimeZoneInfo Zone => zone;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(UtcNow, zone));
}
