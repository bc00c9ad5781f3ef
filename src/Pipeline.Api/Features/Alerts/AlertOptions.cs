namespace Pipeline.Api.Features.Alerts;

/// <summary><c>Pipeline:Alerts</c>.</summary>
public sealed class AlertOptions
{
    public const string Section = "Pipeline:Alerts";

    /// <summary>When the daily scan runs, as a cron expression in <c>Pipeline:TimeZone</c> (08:00 by default).</summary>
    public string ScanCron { get; set; } = "0 8 * * *";

    /// <summary>User names who also hear of every red alert (for example the mayor).</summary>
    public List<string> RedRecipients { get; set; } = [];
}
