namespace Pipeline.Api.Features.Reports;

/// <summary>The figures leaders read: the funnel, signed-not-started, performance, the unit ranking, land and trips.</summary>
public static class ReportEndpoints
{
    public static void AddReports(this WebApplicationBuilder builder) => builder.Services.AddSettings<RankingOptions>();

    public static void MapReports(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithDataVersion(ConditionalReads.Source.Reports).WithTags("Reports").RequireAuthorization(Policies.Reports);
        reports.MapGet("/trips", TripsReport.Get).WithSummary("外出招商统计");
        reports.MapGet("/funnel", FunnelReport.Get).WithSummary("项目转化漏斗");
        reports.MapGet("/signed-not-started", SignedNotStartedReport.Get).WithSummary("签约未开工项目");
        reports.MapGet("/performance", PerformanceReport.Get).WithSummary("单位招商实绩");
        reports.MapGet("/unit-ranking", UnitRankingReport.Get).WithSummary("单位排名");
        reports.MapGet("/land", LandReport.Get).WithSummary("土地供应统计");
        reports.MapGet("/bulletin", QuarterlyBulletin.Get).WithSummary("季度通报（Word）");
    }
}
