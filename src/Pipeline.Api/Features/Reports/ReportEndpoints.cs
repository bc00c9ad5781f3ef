using Pipeline.Api.Hosting;

namespace Pipeline.Api.Features.Reports;

/// <summary>The figures leaders read: the funnel, signed-not-started, performance, the unit ranking, land and trips.</summary>
public static class ReportEndpoints
{
    public static void AddReports(this WebApplicationBuilder builder) => builder.Services.AddSettings<RankingOptions>();

    public static void MapReports(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Policies.Reports)
            .WithDataVersion(ConditionalReads.Source.Reports);
        reports.MapGet("/trips", TripsReport.Get);
        reports.MapGet("/funnel", FunnelReport.Get);
        reports.MapGet("/signed-not-started", SignedNotStartedReport.Get);
        reports.MapGet("/performance", PerformanceReport.Get);
        reports.MapGet("/unit-ranking", UnitRankingReport.Get);
        reports.MapGet("/land", LandReport.Get);
        reports.MapGet("/bulletin", QuarterlyBulletin.Get).WithSummary("季度通报（Word）");
    }
}
