using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Features.Auth;
using Pipeline.Api.Features.Notifications;
using Pipeline.Api.Features.Reports;
using Pipeline.Api.Features.Reviews;
using Pipeline.Api.Features.Trips;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Hosting;

/// <summary>A setting that cannot work stops start-up with a message naming it, rather than misbehaving later.</summary>
public class SettingsTests
{
    [Theory]
    [InlineData("Pipeline:Review:Quorum")]
    [InlineData("Pipeline:Review:BandA")]
    [InlineData("Pipeline:Review:PassMark")]
    [InlineData("Pipeline:Alerts:ScanCron")]
    [InlineData("Pipeline:Auth:TokenLifetimeMinutes")]
    [InlineData("Pipeline:Auth:SigningKey")]
    [InlineData("Pipeline:Trips:ReportDueDays")]
    [InlineData("Pipeline:Ranking:CompletionCap")]
    [InlineData("Pipeline:Email:Port")]
    [InlineData("Pipeline:Jobs:Workers")]
    [InlineData("Pipeline:Proxy:KnownProxies")]
    [InlineData("Pipeline:TimeZone")]
    public void Problems_ImpossibleValue_NameTheSetting(string name) =>
        Assert.Contains(Impossible[name](), p => p.StartsWith(name, StringComparison.Ordinal));

    [Fact]
    public void Problems_Defaults_None()
    {
        IEnumerable<string>[] defaults =
        [
            new ReviewOptions().Problems(), new AlertOptions().Problems(), new AuthOptions().Problems(), new TripOptions().Problems(),
            new RankingOptions().Problems(), new EmailOptions().Problems(), new JobsSetup.JobsOptions().Problems(), new ProxyOptions().Problems(),
            new PipelineOptions().Problems(),
        ];

        Assert.All(defaults, Assert.Empty);
    }

    private static readonly Dictionary<string, Func<IEnumerable<string>>> Impossible = new()
    {
        ["Pipeline:Review:Quorum"] = () => new ReviewOptions { Quorum = 0 }.Problems(),
        ["Pipeline:Review:BandA"] = () => new ReviewOptions { BandA = 70, BandB = 75 }.Problems(),
        ["Pipeline:Review:PassMark"] = () => new ReviewOptions { PassMark = 120 }.Problems(),
        ["Pipeline:Alerts:ScanCron"] = () => new AlertOptions { ScanCron = "every morning" }.Problems(),
        ["Pipeline:Auth:TokenLifetimeMinutes"] = () => new AuthOptions { TokenLifetimeMinutes = 0 }.Problems(),
        ["Pipeline:Auth:SigningKey"] = () => new AuthOptions { SigningKey = "short" }.Problems(),
        ["Pipeline:Trips:ReportDueDays"] = () => new TripOptions { ReportDueDays = 0 }.Problems(),
        ["Pipeline:Ranking:CompletionCap"] = () => new RankingOptions { CompletionCap = 0.5m }.Problems(),
        ["Pipeline:Email:Port"] = () => new EmailOptions { Port = 70000 }.Problems(),
        ["Pipeline:Jobs:Workers"] = () => new JobsSetup.JobsOptions { Workers = 0 }.Problems(),
        ["Pipeline:Proxy:KnownProxies"] = () => new ProxyOptions { KnownProxies = ["gateway"] }.Problems(),
        ["Pipeline:TimeZone"] = () => new PipelineOptions { TimeZone = "Mars/Olympus" }.Problems(),
    };

    [Fact]
    public async Task Start_BandsNotDescending_StopsNamingTheSettings()
    {
        await using var database = TestDatabase.Create(Api.Data.DatabaseProvider.Sqlite);
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Pipeline"] = database.ConnectionString,
            ["Pipeline:DataDirectory"] = database.Directory,
            ["Pipeline:Review:BandA"] = "60",
            ["Pipeline:Review:BandB"] = "75",
            ["Pipeline:Alerts:ScanCron"] = "daily",
        };

        var stopped = await AppProcess.RunAsync(settings, [], TestContext.Current.CancellationToken);

        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("Pipeline stopped:", stopped.Output);
        Assert.Contains("Pipeline:Review:BandA, BandB and BandC must descend", stopped.Output);
        Assert.Contains("Pipeline:Alerts:ScanCron 'daily'", stopped.Output);
        Assert.False(File.Exists(Path.Combine(database.Directory, "pipeline.db")), "Nothing should have touched the database.");
    }
}
