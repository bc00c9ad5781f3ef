using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Reports;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Alerts;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Projects;

/// <summary>合同变更: a signed contract's amount and dates move only by a request its leader approves; the original stays on record.</summary>
public class ContractChangeTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Patch_PlannedGroundbreakingOfASignedOverdueProject_Returns409AndTheAlertStays()
    {
        var (project, staff, _) = await SignedAsync(plannedGroundbreakingDaysAgo: 47);
        await factory.ScanAsync();

        var refused = await (await TestApi.PatchAsync(staff.Client, $"/api/projects/{project.Id}",
            new { plannedGroundbreakingOn = factory.Today.AddMonths(1) }, project.Version)).Problem(HttpStatusCode.Conflict);
        await factory.ScanAsync();
        var alerts = await (await _api.AdminAsync()).GetFromJsonAsync<Paged<AlertDto>>($"/api/alerts?projectId={project.Id}&status=open", HttpAssertions.Json);

        Assert.Equal("project.contractChangeRequired", refused.Code);
        Assert.Single(alerts!.Items, a => a.RuleCode == "signedNotStarted");
    }

    [Fact]
    public async Task Patch_ContractAmountAfterSigning_Returns409AndPastAmountsStay()
    {
        var (project, staff, _) = await SignedAsync(plannedGroundbreakingDaysAgo: 10);

        var refused = await (await TestApi.PatchAsync(staff.Client, $"/api/projects/{project.Id}", new { contractAmount = 99999m }, project.Version))
            .Problem(HttpStatusCode.Conflict);
        var unchanged = await staff.Client.GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json);

        Assert.Equal("project.contractChangeRequired", refused.Code);
        Assert.Equal((20000m, 20000m), (unchanged!.ContractAmount, unchanged.SignedAmount));
    }

    [Fact]
    public async Task ContractChange_ProposedByStaffApprovedByTheLeader_MovesTheTermsAndKeepsTheOriginal()
    {
        var (project, staff, leader) = await SignedAsync(plannedGroundbreakingDaysAgo: 47);
        var newStart = factory.Today.AddMonths(2);

        var proposed = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/contract-changes", new
        {
            contractAmount = 25000m, plannedGroundbreakingOn = newStart, reason = "企业增加二期生产线，签订补充协议", documentRef = "补充协议〔2026〕3号",
        })).As<ContractChangeDto>(HttpStatusCode.Created);
        var beforeApproval = await staff.Client.GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json);
        var second = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/contract-changes", new { contractAmount = 1m, reason = "x" }))
            .Problem(HttpStatusCode.Conflict);
        var notTheirs = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/contract-changes/{proposed.Id}/approve", new { }))
            .Problem(HttpStatusCode.Forbidden);
        var approved = await (await leader.Client.PostAsJsonAsync($"/api/projects/{project.Id}/contract-changes/{proposed.Id}/approve", new { comment = "同意" }))
            .As<ContractChangeDto>();
        var after = await staff.Client.GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json);
        var record = await staff.Client.GetFromJsonAsync<List<ContractChangeDto>>($"/api/projects/{project.Id}/contract-changes", HttpAssertions.Json);

        Assert.Equal("pending", proposed.Status);
        Assert.Equal((20000m, project.PlannedGroundbreakingOn), (beforeApproval!.ContractAmount, beforeApproval.PlannedGroundbreakingOn));
        Assert.Equal("contractChange.pending", second.Code);
        Assert.Contains("包保领导", notTheirs.Detail);
        Assert.Equal(("approved", leader.Id), (approved.Status, approved.DecidedBy));
        Assert.Equal((25000m, 20000m, newStart), (after!.ContractAmount!.Value, after.SignedAmount!.Value, after.PlannedGroundbreakingOn!.Value));
        var kept = Assert.Single(record!);
        Assert.Equal((20000m, project.PlannedGroundbreakingOn, "补充协议〔2026〕3号"), (kept.BeforeContractAmount, kept.BeforePlannedGroundbreakingOn, kept.DocumentRef));
    }

    [Fact]
    public async Task ContractChange_Refused_NothingMoves()
    {
        var (project, staff, leader) = await SignedAsync(plannedGroundbreakingDaysAgo: 5);
        var proposed = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/contract-changes",
            new { plannedProductionOn = factory.Today.AddYears(3), reason = "延期" })).As<ContractChangeDto>(HttpStatusCode.Created);

        var refused = await (await leader.Client.PostAsJsonAsync($"/api/projects/{project.Id}/contract-changes/{proposed.Id}/refuse", new { comment = "理由不充分" }))
            .As<ContractChangeDto>();
        var after = await staff.Client.GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json);

        Assert.Equal("refused", refused.Status);
        Assert.Equal(project.PlannedProductionOn, after!.PlannedProductionOn);
        Assert.Equal(project.Version, after.Version);
    }

    [Fact]
    public async Task ContractChange_ApprovedByWhoProposedIt_Returns409()
    {
        var (project, _, _) = await SignedAsync(plannedGroundbreakingDaysAgo: 5);
        var admin = await _api.AdminAsync();
        var proposed = await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/contract-changes", new { contractAmount = 1m, reason = "x" }))
            .As<ContractChangeDto>(HttpStatusCode.Created);

        var refused = await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/contract-changes/{proposed.Id}/approve", new { })).Problem(HttpStatusCode.Conflict);

        Assert.Equal("contractChange.secondPersonRequired", refused.Code);
    }

    [Fact]
    public async Task PerformanceReport_AfterAnApprovedIncrease_CountsTheAmountAtSigning()
    {
        var (project, staff, leader) = await SignedAsync(plannedGroundbreakingDaysAgo: 5);
        var proposed = await (await staff.Client.PostAsJsonAsync($"/api/projects/{project.Id}/contract-changes", new { contractAmount = 50000m, reason = "变更" }))
            .As<ContractChangeDto>(HttpStatusCode.Created);
        await (await leader.Client.PostAsJsonAsync($"/api/projects/{project.Id}/contract-changes/{proposed.Id}/approve", new { })).Expect(HttpStatusCode.OK);

        var report = await (await _api.AdminAsync()).GetFromJsonAsync<PerformanceReport.Result>(
            $"/api/reports/performance?from={factory.Today.AddYears(-1):yyyy-MM-dd}&unitId={project.ResponsibleUnitId}", HttpAssertions.Json);

        var unit = Assert.Single(report!.Units);
        Assert.Equal((20000m, 50000m), (unit.SignedAmount, unit.Contracted));
        Assert.Contains("首次签约", report.AmountBasis);
    }

    private async Task<(ProjectDto Project, TestUser Staff, TestUser Leader)> SignedAsync(int plannedGroundbreakingDaysAgo)
    {
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var leader = await _api.CreateUserAsync(null, "leader");
        var project = await new AlertSubjects(_api, factory.Today).SignedAsync(unit.Id, staff.Id, plannedGroundbreakingDaysAgo + 30,
            plannedGroundbreakingOn: factory.Today.AddDays(-plannedGroundbreakingDaysAgo), landMode: "existingBuilding", leaderId: leader.Id,
            plannedProductionOn: factory.Today.AddYears(1));
        return (project, staff, leader);
    }
}
