using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Tests.Features.Projects;

public class TransitionTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Transition_NewLandProjectThroughEveryStage_RecordsHistoryAndStageDates()
    {
        var (project, staff) = await ProjectAsync(LandMode.NewLand, talksStartedDaysAgo: 200);
        var d = factory.Today;

        project = await MoveAsync(staff, project, new { to = "preReview", on = d.AddDays(-190), note = "提交预审" });
        project = await MoveAsync(staff, project, new { to = "talks", on = d.AddDays(-185), note = "补充材料" });
        project = await MoveAsync(staff, project, new { to = "preReview", on = d.AddDays(-180) });
        project = await MoveAsync(staff, project, new { to = "signed", on = d.AddDays(-150), contractAmount = 30000.5m, plannedGroundbreakingOn = d.AddDays(-60), plannedProductionOn = d.AddDays(200) });
        project = await MoveAsync(staff, project, new { to = "landSupply", on = d.AddDays(-100), areaMu = 66.6667m, landContractNo = "TD-2026-001" });
        project = await MoveAsync(staff, project, new { to = "groundbreaking", on = d.AddDays(-50) });
        project = await MoveAsync(staff, project, new { to = "production", on = d });
        var history = (await staff.Client.GetFromJsonAsync<List<HistoryEntry>>($"/api/projects/{project.Id}/history", HttpAssertions.Json))!;

        Assert.Equal(Stage.Production, project.Stage);
        Assert.Equal(d.AddDays(-150), project.SignedOn);
        Assert.Equal(30000.5m, project.ContractAmount);
        Assert.Equal(d.AddDays(-100), project.LandSuppliedOn);
        Assert.Equal(66.6667m, project.LandSuppliedMu);
        Assert.Equal(d.AddDays(-50), project.GroundbreakingOn);
        Assert.Equal(d, project.ProductionOn);
        Assert.Equal(8, project.Version);
        Assert.Equal(
            [(null, Stage.Talks), (Stage.Talks, Stage.PreReview), (Stage.PreReview, Stage.Talks), (Stage.Talks, Stage.PreReview),
             (Stage.PreReview, Stage.Signed), (Stage.Signed, Stage.LandSupply), (Stage.LandSupply, Stage.Groundbreaking), (Stage.Groundbreaking, Stage.Production)],
            history.Select(h => (h.From, h.To)));
        Assert.Equal(d.AddDays(-190), history[1].On);
        Assert.Equal("提交预审", history[1].Note);
        Assert.Equal(30000.5m, history[4].Amount);
        Assert.Equal("TD-2026-001", history[5].LandContractNo);
        Assert.All(history.Skip(1), h => Assert.Equal(staff.Id, h.ByUserId));
    }

    [Fact]
    public async Task Transition_ExistingBuildingProject_SkipsLandSupply()
    {
        var (project, staff) = await ProjectAsync(LandMode.ExistingBuilding);
        project = await SignAsync(staff, project);

        var started = await MoveAsync(staff, project, new { to = "groundbreaking" });

        Assert.Equal(Stage.Groundbreaking, started.Stage);
        Assert.Null(started.LandSuppliedOn);
    }

    [Fact]
    public async Task Get_SignedProject_NextStagesFollowItsLandMode()
    {
        var (newLand, staff) = await ProjectAsync(LandMode.NewLand);
        var (inBuilding, otherStaff) = await ProjectAsync(LandMode.ExistingBuilding);
        newLand = await SignAsync(staff, newLand);
        inBuilding = await SignAsync(otherStaff, inBuilding);

        var json = await (await staff.Client.GetAsync($"/api/projects/{newLand.Id}")).Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();

        Assert.Equal([Stage.LandSupply, Stage.Dropped], newLand.NextStages);
        Assert.Equal([Stage.Groundbreaking, Stage.Dropped], inBuilding.NextStages);
        Assert.Equal("[\"landSupply\",\"dropped\"]", json!["nextStages"]!.ToJsonString());
    }

    [Fact]
    public async Task Transition_Signing_RecordsFormalAgreement()
    {
        var (project, staff) = await ProjectAsync(LandMode.NewLand);

        project = await SignAsync(staff, project);
        var agreements = await staff.Client.GetFromJsonAsync<List<AgreementDto>>($"/api/projects/{project.Id}/agreements", HttpAssertions.Json);

        var formal = Assert.Single(agreements!);
        Assert.Equal(AgreementType.Formal, formal.Type);
        Assert.Equal(20000m, formal.Amount);
    }

    public static TheoryData<string, string, string> RefusedFromTalks => new()
    {
        { "signed", "transition.notAllowed", "可转入“预审”、“终止”" },
        { "landSupply", "transition.notAllowed", "可转入“预审”、“终止”" },
        { "groundbreaking", "transition.notAllowed", "可转入“预审”、“终止”" },
        { "production", "transition.notAllowed", "可转入“预审”、“终止”" },
        { "talks", "transition.notAllowed", "可转入“预审”、“终止”" },
        { "reopen", "transition.notAllowed", "只有已终止的项目可以重新启动" },
    };

    [Theory]
    [MemberData(nameof(RefusedFromTalks))]
    public async Task Transition_WrongOrder_Returns409AndChangesNothing(string to, string code, string hint)
    {
        var (project, staff) = await ProjectAsync(LandMode.NewLand);
        var admin = await _api.AdminAsync();
        object body = to switch
        {
            "signed" => new { to, contractAmount = 1m },
            "landSupply" => new { to, areaMu = 1m },
            _ => new { to },
        };

        var problem = await (await TestApi.TransitionAsync(admin, project, body)).Problem(HttpStatusCode.Conflict);

        Assert.Equal(code, problem.Code);
        Assert.Contains(hint, problem.Detail);
        await AssertUnchangedAsync(staff, project);
    }

    [Fact]
    public async Task Transition_NewLandFromSignedToGroundbreaking_Returns409()
    {
        var (project, staff) = await ProjectAsync(LandMode.NewLand);
        project = await SignAsync(staff, project);

        var problem = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "groundbreaking" })).Problem(HttpStatusCode.Conflict);

        Assert.Equal("transition.notAllowed", problem.Code);
        Assert.Equal("signed", problem["stage"].GetString());
        Assert.Equal(["landSupply", "dropped"], problem["allowed"].EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Transition_DateInFuture_Returns409AndChangesNothing()
    {
        var (project, staff) = await ProjectAsync(LandMode.NewLand);

        var problem = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "preReview", on = factory.Today.AddDays(1) }))
            .Problem(HttpStatusCode.Conflict);

        Assert.Contains("晚于今天", problem.Detail);
        await AssertUnchangedAsync(staff, project);
    }

    [Fact]
    public async Task Transition_DateBeforePreviousStage_Returns409()
    {
        var (project, staff) = await ProjectAsync(LandMode.NewLand, talksStartedDaysAgo: 10);

        var problem = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "preReview", on = factory.Today.AddDays(-11) }))
            .Problem(HttpStatusCode.Conflict);

        Assert.Equal("transition.notAllowed", problem.Code);
        Assert.Contains("早于项目进入当前阶段“洽谈”", problem.Detail);
        await AssertUnchangedAsync(staff, project);
    }

    [Fact]
    public async Task Transition_SigningWithoutResponsiblePerson_Returns409ResponsibleRequired()
    {
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var project = await _api.CreateProjectAsync(unit.Id, by: staff.Client);
        project = await MoveAsync(staff, project, new { to = "preReview" });

        var problem = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "signed", contractAmount = 100m })).Problem(HttpStatusCode.Conflict);

        Assert.Equal("transition.responsibleRequired", problem.Code);
        await AssertUnchangedAsync(staff, project);
    }

    [Fact]
    public async Task Transition_SigningWithoutContractAmount_Returns400()
    {
        var (project, staff) = await ProjectAsync(LandMode.NewLand);
        project = await MoveAsync(staff, project, new { to = "preReview" });

        var problem = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "signed" })).Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.HasError("contractAmount"));
    }

    [Fact]
    public async Task Transition_StageDataForAnotherTarget_Returns400()
    {
        var (project, staff) = await ProjectAsync(LandMode.NewLand);

        var problem = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "preReview", areaMu = 10m })).Problem(HttpStatusCode.BadRequest);

        Assert.Equal("仅在转入“供地”阶段时填写。", problem.Error("areaMu"));
    }

    [Fact]
    public async Task Transition_StaleETag_Returns412()
    {
        var (project, staff) = await ProjectAsync(LandMode.NewLand);
        await TestApi.PatchAsync(staff.Client, $"/api/projects/{project.Id}", new { isKey = true }, project.Version);

        await (await TestApi.TransitionAsync(staff.Client, project, new { to = "preReview" })).Problem(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Transition_WithoutIfMatch_Returns428()
    {
        var (project, staff) = await ProjectAsync(LandMode.NewLand);

        await (await TestApi.SendAsync(staff.Client, HttpMethod.Post, $"/api/projects/{project.Id}/transitions", new { to = "preReview" }, null))
            .Problem(HttpStatusCode.PreconditionRequired);
    }

    [Fact]
    public async Task Transition_DropWithoutReason_Returns400()
    {
        var (project, staff) = await ProjectAsync(LandMode.NewLand);

        var problem = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "dropped", reasonCode = "bored" })).Problem(HttpStatusCode.BadRequest);

        Assert.Contains("investorWithdrew", problem.Error("reasonCode"));
        Assert.True(problem.HasError("note"));
    }

    [Fact]
    public async Task Transition_DropThenReopenByLeader_ReturnsToStageItWasDroppedFrom()
    {
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var leader = await _api.CreateUserAsync(null, "leader");
        var project = await _api.CreateProjectAsync(unit.Id, new { responsiblePersonId = staff.Id, leaderId = leader.Id });
        project = await SignAsync(staff, project);
        var signedOn = project.SignedOn;

        project = await MoveAsync(staff, project, new { to = "dropped", reasonCode = "fundingFailed", note = "资金链断裂" });
        var byStaff = await (await TestApi.TransitionAsync(staff.Client, project, new { to = "reopen" })).Problem(HttpStatusCode.Forbidden);
        var reopened = await MoveAsync(leader, project, new { to = "reopen", note = "投资方恢复" });
        var history = await leader.Client.GetFromJsonAsync<List<HistoryEntry>>($"/api/projects/{project.Id}/history", HttpAssertions.Json);

        Assert.Equal(Stage.Dropped, project.Stage);
        Assert.Equal(Stage.Signed, project.DroppedFrom);
        Assert.Contains("包保领导", byStaff.Detail);
        Assert.Equal(Stage.Signed, reopened.Stage);
        Assert.Null(reopened.DroppedFrom);
        Assert.Equal(signedOn, reopened.SignedOn);
        Assert.Equal("fundingFailed", history![^2].ReasonCode);
        Assert.Equal((Stage.Dropped, Stage.Signed), (history[^1].From!.Value, history[^1].To));
        Assert.StartsWith("Reopened", history[^1].Note);
    }

    [Fact]
    public async Task Transition_Audited()
    {
        var (project, staff) = await ProjectAsync(LandMode.NewLand);
        await MoveAsync(staff, project, new { to = "preReview" });

        var audit = await (await _api.AuditorAsync()).GetFromJsonAsync<System.Text.Json.JsonElement>(
            $"/api/audit?entity=project&entityId={project.Id}&action=transition", HttpAssertions.Json);

        Assert.Contains("talks → preReview", Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("detail").GetString());
    }

    private async Task<(ProjectDto Project, TestUser Staff)> ProjectAsync(LandMode mode, int talksStartedDaysAgo = 30)
    {
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var project = await _api.CreateProjectAsync(unit.Id,
            new { landMode = mode, responsiblePersonId = staff.Id, talksStartedOn = factory.Today.AddDays(-talksStartedDaysAgo) }, staff.Client);
        return (project, staff);
    }

    private static async Task<ProjectDto> MoveAsync(TestUser user, ProjectDto project, object body) =>
        await (await TestApi.TransitionAsync(user.Client, project, body)).As<ProjectDto>();

    private static async Task<ProjectDto> SignAsync(TestUser user, ProjectDto project)
    {
        project = await MoveAsync(user, project, new { to = "preReview" });
        return await MoveAsync(user, project, new { to = "signed", contractAmount = 20000m });
    }

    private static async Task AssertUnchangedAsync(TestUser user, ProjectDto before)
    {
        var now = await user.Client.GetFromJsonAsync<ProjectDto>($"/api/projects/{before.Id}", HttpAssertions.Json);
        var history = await user.Client.GetFromJsonAsync<List<HistoryEntry>>($"/api/projects/{before.Id}/history", HttpAssertions.Json);
        Assert.Equal(before.Stage, now!.Stage);
        Assert.Equal(before.Version, now.Version);
        Assert.Equal(before.Stage, history![^1].To);
    }
}
