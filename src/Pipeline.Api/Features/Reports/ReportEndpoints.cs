using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Reports;

public static class ReportEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("Reports")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Leader, Roles.Auditor, Roles.Staff));
        reports.MapGet("/trips", TripsReport.Get);
    }
}
