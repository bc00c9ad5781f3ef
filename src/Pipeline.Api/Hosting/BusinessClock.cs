namespace Pipeline.Api.Hosting;

/// <summary>"Now" as a UTC instant and "today" in the city's time zone (<c>Pipeline:TimeZone</c>, Asia/Shanghai by default).</summary>
public sealed class BusinessClock(TimeProvider time, TimeZoneInfo zone)
{
    public TimeZoneInfo Zone => zone;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(UtcNow, zone));

    public static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new Data.ConfigurationProblem(
                $"Pipeline:TimeZone '{id}' is not a time zone this machine knows. Use an IANA id such as 'Asia/Shanghai' and install tzdata.");
        }
    }
}
