namespace Pipeline.Api.Hosting;

/// <summary><c>Pipeline</c>: where the app keeps its files, the city's time zone, and whether the API description is served.</summary>
public sealed class PipelineOptions : ISettings
{
    public static string Section => "Pipeline";

    /// <summary>An IANA id: "today", day counts and job schedules use it.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>The SQLite file and the generated signing key live here (relative to the content root).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Serve <c>/openapi/v1.json</c> and <c>/scalar</c>; by default only in Development.</summary>
    public bool? ApiDocs { get; set; }

    public IEnumerable<string> Problems()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"{Section}:TimeZone '{TimeZone}' is not a time zone this machine knows. Use an IANA id such as 'Asia/Shanghai' and install tzdata.";
        }
    }
}
