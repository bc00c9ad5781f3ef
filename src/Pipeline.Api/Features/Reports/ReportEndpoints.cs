using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Reports;

public static class ReportEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("Reports")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Leader, Roles.Auditor, Roles.Staff));
        reports.MapGet("/trips", TripsReport.Get);
        reports.MapGet("/funnel", FunnelReport.Get);
        reports.MapGet("/signed-not-started", SignedNotStartedReport.Get);
        reports.MapGet("/performance", PerformanceReport.Get);
        reports.MapGet("/unit-ranking", UnitRankingReport.Get);
        reports.MapGet("/land", LandReport.Get);
    }
}
