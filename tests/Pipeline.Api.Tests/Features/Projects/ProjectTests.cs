using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Tests.Features.Projects;

public class ProjectTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task Get_ProjectWithTeam_EveryMemberOnceInIdOrder()
    {
        var unit = await _api.CreateUnitAsync();
        var first = await _api.CreateUserAsync(unit.Id, "staff");
        var second = await _api.CreateUserAsync(unit.Id, "staff");
        var created = await _api.CreateProjectAsync(unit.Id, new { teamMemberIds = new[] { second.Id, first.Id, second.Id } });

        var project = await (await _api.AdminAsync()).GetFromJsonAsync<ProjectDto>($"/api/projects/{created.Id}", HttpAssertions.Json);

        Assert.Equal([first.Id, second.Id], project!.TeamMemberIds);
    }

    [Fact]
    public async Task Create_FullProject_201WithLocationETagAndExactQuantities()
    {
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");
        var leader = await _api.CreateUserAsync(null, "leader");

        var response = await staff.Client.PostAsJsonAsync("/api/projects", new
        {
            name = "年产10万吨新材料项目",
            industryCode = "C26",
            totalInvestment = 12345.67m,
            fixedAssetInvestment = 10000.0001m,
            landMode = "newLand",
            landAreaMu = 33.333m,
            originRegion = "上海",
            responsibleUnitId = unit.Id,
            responsiblePersonId = staff.Id,
            leaderId = leader.Id,
            teamMemberIds = new[] { staff.Id },
            isKey = true,
            talksStartedOn = factory.Today.AddDays(-40),
        });
        var project = await response.As<ProjectDto>(HttpStatusCode.Created);

        Assert.Equal(12345.67m, project.TotalInvestment);
        Assert.Equal(10000.0001m, project.FixedAssetInvestment);
        Assert.Equal(33.333m, project.LandAreaMu);
        Assert.Equal(Stage.Talks, project.Stage);
        Assert.Equal("洽谈", project.StageName);
        Assert.Equal(factory.Today.AddDays(-40), project.StageEnteredOn);
        Assert.Equal([staff.Id], project.TeamMemberIds);
        Assert.Equal(unit.Name, project.ResponsibleUnitName);
        Assert.EndsWith($"/api/projects/{project.Id}", response.Headers.Location!.ToString());
        Assert.Equal(1, response.Version());
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400PerFieldAndCreatesNothing()
    {
        var unit = await _api.CreateUnitAsync();
        var admin = await _api.AdminAsync();
        var name = TestApi.Unique("坏项目");

        var problem = await (await admin.PostAsJsonAsync("/api/projects", new
        {
            name,
            industryCode = "C39",
            totalInvestment = 1.00001m,
            landMode = "newLand",
            landAreaMu = -5m,
            responsibleUnitId = unit.Id,
            talksStartedOn = factory.Today.AddDays(1),
        })).Problem(HttpStatusCode.BadRequest);
        var list = await admin.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?q={name}", HttpAssertions.Json);

        Assert.Equal("最多 4 位小数。", problem.Error("totalInvestment"));
        Assert.True(problem.HasError("landAreaMu"));
        Assert.True(problem.HasError("talksStartedOn"));
        Assert.Equal(0, list!.Total);
    }

    [Fact]
    public async Task Create_UnknownReferences_Returns400NamingEach()
    {
        var unit = await _api.CreateUnitAsync();
        var staffNotLeader = await _api.CreateUserAsync(unit.Id, "staff");

        var problem = await (await (await _api.AdminAsync()).PostAsJsonAsync("/api/projects", new
        {
            name = "x", industryCode = "Z99", totalInvestment = 1m, landMode = "newLand", responsibleUnitId = unit.Id,
            companyId = 999999, leaderId = staffNotLeader.Id, teamMemberIds = new[] { 888888L },
        })).Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.HasError("industryCode"));
        Assert.True(problem.HasError("companyId"));
        Assert.Equal($"用户 {staffNotLeader.Id} 不是在岗的包保领导。", problem.Error("leaderId"));
        Assert.True(problem.HasError("teamMemberIds"));
    }

    [Fact]
    public async Task Create_MisspeltField_Returns400RatherThanDroppingIt()
    {
        var unit = await _api.CreateUnitAsync();

        var problem = await (await (await _api.AdminAsync()).PostAsJsonAsync("/api/projects", new
        {
            name = "x", industryCode = "C39", totalInvestment = 1m, landMode = "newLand", responsibleUnitId = unit.Id, totalInvestmnet = 5m,
        })).Problem(HttpStatusCode.BadRequest);

        Assert.Contains("未知字段", problem.Error("totalInvestmnet"));
    }

    [Fact]
    public async Task Create_MalformedValue_Returns400NamingTheField()
    {
        var unit = await _api.CreateUnitAsync();
        var content = new StringContent($$"""{"name":"x","industryCode":"C39","totalInvestment":"lots","landMode":"newLand","responsibleUnitId":{{unit.Id}}}""",
            System.Text.Encoding.UTF8, "application/json");

        var problem = await (await (await _api.AdminAsync()).PostAsync("/api/projects", content)).Problem(HttpStatusCode.BadRequest);

        Assert.Contains("应为数字", problem.Error("totalInvestment"));
    }

    [Fact]
    public async Task Create_StaffForAnotherUnit_Returns403()
    {
        var mine = await _api.CreateUnitAsync();
        var theirs = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(mine.Id, "staff");

        var problem = await (await staff.Client.PostAsJsonAsync("/api/projects",
            new { name = "x", industryCode = "C39", totalInvestment = 1m, landMode = "newLand", responsibleUnitId = theirs.Id }))
            .Problem(HttpStatusCode.Forbidden);

        Assert.Equal("只能为本单位或下属单位登记项目。", problem.Detail);
    }

    [Fact]
    public async Task List_Filters_CombineAndPage()
    {
        var unit = await _api.CreateUnitAsync();
        var sub = await _api.CreateUnitAsync(parentId: unit.Id);
        var leader = await _api.CreateUserAsync(null, "leader");
        var marker = TestApi.Unique("筛选");
        for (var i = 0; i < 5; i++)
        {
            await _api.CreateProjectAsync(i % 2 == 0 ? sub.Id : unit.Id, new { name = $"{marker}-{i}", leaderId = i < 3 ? leader.Id : (long?)null, industryCode = i == 4 ? "C27" : "C39" });
        }

        var admin = await _api.AdminAsync();
        var all = await admin.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?unitId={unit.Id}&pageSize=2&page=2", HttpAssertions.Json);
        var byLeader = await admin.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?unitId={unit.Id}&leaderId={leader.Id}", HttpAssertions.Json);
        var bySubUnit = await admin.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?unitId={sub.Id}&stage=TALKS", HttpAssertions.Json);
        var byIndustry = await admin.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?q={marker}&industryCode=C27", HttpAssertions.Json);

        Assert.Equal(5, all!.Total);
        Assert.Equal(2, all.Items.Count);
        Assert.Equal(2, all.Page);
        Assert.Equal($"{marker}-2", all.Items[0].Name);
        Assert.Equal(3, byLeader!.Total);
        Assert.Equal(3, bySubUnit!.Total);
        Assert.Equal($"{marker}-4", Assert.Single(byIndustry!.Items).Name);
    }

    [Fact]
    public async Task List_UnitAndPeopleRenamed_ShowsTheNewNames()
    {
        var unit = await _api.CreateUnitAsync();
        var person = await _api.CreateUserAsync(unit.Id, "staff");
        var leader = await _api.CreateUserAsync(null, "leader");
        var created = await _api.CreateProjectAsync(unit.Id, new { responsiblePersonId = person.Id, leaderId = leader.Id });
        var admin = await _api.AdminAsync();
        var url = $"/api/projects?unitId={unit.Id}";
        var before = Assert.Single((await admin.GetFromJsonAsync<Paged<ProjectSummary>>(url, HttpAssertions.Json))!.Items);

        await (await TestApi.PatchAsync(admin, $"/api/units/{unit.Id}", new { name = unit.Name + "-新" }, unit.Version)).Expect(HttpStatusCode.OK);
        await (await TestApi.PatchAsync(admin, $"/api/users/{person.Id}", new { displayName = "新的负责人" }, 1)).Expect(HttpStatusCode.OK);
        await (await TestApi.PatchAsync(admin, $"/api/users/{leader.Id}", new { displayName = "新的包保领导" }, 1)).Expect(HttpStatusCode.OK);
        var after = Assert.Single((await admin.GetFromJsonAsync<Paged<ProjectSummary>>(url, HttpAssertions.Json))!.Items);

        Assert.Equal(created.Id, after.Id);
        Assert.Equal((unit.Name, "测试用户"), (before.ResponsibleUnitName, before.ResponsiblePersonName));
        Assert.Equal((unit.Name + "-新", "新的负责人", "新的包保领导"), (after.ResponsibleUnitName, after.ResponsiblePersonName, after.LeaderName));
    }

    [Fact]
    public async Task List_SignedBetween_OnlyProjectsFirstSignedInThePeriod()
    {
        var (unit, person) = await UnitWithStaffAsync();
        var early = await SignedProjectAsync(unit, person, factory.Today.AddDays(-50));
        var inside = await SignedProjectAsync(unit, person, factory.Today.AddDays(-20));
        await _api.CreateProjectAsync(unit);

        var page = await (await _api.AdminAsync()).GetFromJsonAsync<Paged<ProjectSummary>>(
            $"/api/projects?unitId={unit}&signedFrom={factory.Today.AddDays(-30):yyyy-MM-dd}&signedTo={factory.Today:yyyy-MM-dd}", HttpAssertions.Json);

        Assert.Equal(inside.Id, Assert.Single(page!.Items).Id);
        Assert.NotEqual(early.Id, page.Items[0].Id);
    }

    [Fact]
    public async Task List_UnknownStage_Returns400ListingTheStages()
    {
        var problem = await (await (await _api.AdminAsync()).GetAsync("/api/projects?stage=finished")).Problem(HttpStatusCode.BadRequest);

        Assert.Contains("preReview", problem.Error("stage"));
    }

    [Fact]
    public async Task Get_ReturnsETagMatchingVersion()
    {
        var project = await _api.CreateProjectAsync((await _api.CreateUnitAsync()).Id);

        var response = await (await _api.AdminAsync()).GetAsync($"/api/projects/{project.Id}");

        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        await (await (await _api.AdminAsync()).GetAsync("/api/projects/987654321")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_WithCurrentETag_ChangesFieldsAndBumpsVersion()
    {
        var unit = await _api.CreateUnitAsync();
        var project = await _api.CreateProjectAsync(unit.Id);

        var response = await TestApi.PatchAsync(await _api.AdminAsync(), $"/api/projects/{project.Id}",
            new { name = "改名后的项目", totalInvestment = 88888.8888m, landAreaMu = (decimal?)null, isKey = true }, project.Version);
        var patched = await response.As<ProjectDto>();

        Assert.Equal("改名后的项目", patched.Name);
        Assert.Equal(88888.8888m, patched.TotalInvestment);
        Assert.Null(patched.LandAreaMu);
        Assert.True(patched.IsKey);
        Assert.Equal(2, response.Version());
    }

    [Fact]
    public async Task Patch_StaleETag_Returns412AndKeepsTheOtherEdit()
    {
        var project = await _api.CreateProjectAsync((await _api.CreateUnitAsync()).Id);
        var admin = await _api.AdminAsync();
        await (await TestApi.PatchAsync(admin, $"/api/projects/{project.Id}", new { name = "第一次修改" }, project.Version)).Expect(HttpStatusCode.OK);

        await (await TestApi.PatchAsync(admin, $"/api/projects/{project.Id}", new { name = "第二次修改" }, project.Version)).Problem(HttpStatusCode.PreconditionFailed);

        Assert.Equal("第一次修改", (await admin.GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", HttpAssertions.Json))!.Name);
    }

    [Fact]
    public async Task Patch_WithoutIfMatch_Returns428()
    {
        var project = await _api.CreateProjectAsync((await _api.CreateUnitAsync()).Id);

        await (await TestApi.PatchAsync(await _api.AdminAsync(), $"/api/projects/{project.Id}", new { name = "x" }, null)).Problem(HttpStatusCode.PreconditionRequired);
    }

    [Fact]
    public async Task Patch_StageField_Returns400PointingToTransitions()
    {
        var project = await _api.CreateProjectAsync((await _api.CreateUnitAsync()).Id);

        var problem = await (await TestApi.PatchAsync(await _api.AdminAsync(), $"/api/projects/{project.Id}", new { stage = "signed" }, project.Version))
            .Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.HasError("stage"));
    }

    [Fact]
    public async Task Patch_ClearingResponsiblePersonOfSignedProject_Returns409()
    {
        var (unit, person) = await UnitWithStaffAsync();
        var project = await SignedProjectAsync(unit, person, factory.Today);

        var problem = await (await TestApi.PatchAsync(await _api.AdminAsync(), $"/api/projects/{project.Id}", new { responsiblePersonId = (long?)null }, project.Version))
            .Problem(HttpStatusCode.Conflict);

        Assert.Equal("project.responsibleRequired", problem.Code);
    }

    [Fact]
    public async Task Scope_StaffOfAnotherUnit_Gets404ForReadsAndWrites()
    {
        var unitA = await _api.CreateUnitAsync();
        var unitB = await _api.CreateUnitAsync();
        var staffB = await _api.CreateUserAsync(unitB.Id, "staff");
        var project = await _api.CreateProjectAsync(unitA.Id);

        await (await staffB.Client.GetAsync($"/api/projects/{project.Id}")).Problem(HttpStatusCode.NotFound);
        await (await staffB.Client.GetAsync($"/api/projects/{project.Id}/history")).Problem(HttpStatusCode.NotFound);
        await (await TestApi.PatchAsync(staffB.Client, $"/api/projects/{project.Id}", new { name = "x" }, project.Version)).Problem(HttpStatusCode.NotFound);
        await (await TestApi.TransitionAsync(staffB.Client, project, new { to = "preReview" })).Problem(HttpStatusCode.NotFound);
        await (await staffB.Client.PostAsJsonAsync($"/api/projects/{project.Id}/activities", new { kind = "call", summary = "x" })).Problem(HttpStatusCode.NotFound);
        var list = await staffB.Client.GetFromJsonAsync<Paged<ProjectSummary>>($"/api/projects?unitId={unitA.Id}", HttpAssertions.Json);
        Assert.Equal(0, list!.Total);
    }

    [Fact]
    public async Task Scope_StaffOfParentUnit_ReadAndWriteSubUnitProjects()
    {
        var parent = await _api.CreateUnitAsync();
        var child = await _api.CreateUnitAsync(parentId: parent.Id);
        var staff = await _api.CreateUserAsync(parent.Id, "staff");
        var project = await _api.CreateProjectAsync(child.Id);

        await (await TestApi.PatchAsync(staff.Client, $"/api/projects/{project.Id}", new { originRegion = "浙江" }, project.Version)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Scope_LeaderReadsAllButChangesOnlyOwnProjects()
    {
        var unit = await _api.CreateUnitAsync();
        var leader = await _api.CreateUserAsync(null, "leader");
        var own = await _api.CreateProjectAsync(unit.Id, new { leaderId = leader.Id });
        var other = await _api.CreateProjectAsync(unit.Id);

        await (await leader.Client.GetAsync($"/api/projects/{other.Id}")).Expect(HttpStatusCode.OK);
        await (await TestApi.PatchAsync(leader.Client, $"/api/projects/{other.Id}", new { isKey = true }, other.Version)).Problem(HttpStatusCode.Forbidden);
        await (await TestApi.PatchAsync(leader.Client, $"/api/projects/{own.Id}", new { isKey = true }, own.Version)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Scope_AuditorReadsButCannotWrite()
    {
        var project = await _api.CreateProjectAsync((await _api.CreateUnitAsync()).Id);
        var auditor = await _api.CreateUserAsync(null, "auditor");

        await (await auditor.Client.GetAsync($"/api/projects/{project.Id}")).Expect(HttpStatusCode.OK);
        await (await TestApi.PatchAsync(auditor.Client, $"/api/projects/{project.Id}", new { isKey = true }, project.Version)).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Scope_CommitteeSeesOnlyProjectsUnderReview()
    {
        var unit = await _api.CreateUnitAsync();
        var inTalks = await _api.CreateProjectAsync(unit.Id);
        var underReview = await _api.CreateProjectAsync(unit.Id);
        await (await TestApi.TransitionAsync(await _api.AdminAsync(), underReview, new { to = "preReview" })).Expect(HttpStatusCode.OK);
        var member = await _api.CreateUserAsync(null, "committee");

        await (await member.Client.GetAsync($"/api/projects/{underReview.Id}")).Expect(HttpStatusCode.OK);
        await (await member.Client.GetAsync($"/api/projects/{inTalks.Id}")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Activities_AddedByStaff_ListedNewestFirst()
    {
        var (unit, person) = await UnitWithStaffAsync();
        var project = await _api.CreateProjectAsync(unit);
        var client = await _api.AdminAsync();

        await (await client.PostAsJsonAsync($"/api/projects/{project.Id}/activities", new { kind = "visit", on = factory.Today.AddDays(-3), summary = "上门拜访" }))
            .Expect(HttpStatusCode.Created);
        await (await client.PostAsJsonAsync($"/api/projects/{project.Id}/activities", new { kind = "meeting", summary = "洽谈会" }))
            .Expect(HttpStatusCode.Created);
        var page = await client.GetFromJsonAsync<Paged<ActivityDto>>($"/api/projects/{project.Id}/activities", HttpAssertions.Json);

        Assert.Equal(["洽谈会", "上门拜访"], page!.Items.Select(a => a.Summary));
        Assert.Equal(factory.Today, page.Items[0].On);
        _ = person;
    }

    [Fact]
    public async Task Activities_FutureDateOrNoSummary_Returns400()
    {
        var project = await _api.CreateProjectAsync((await _api.CreateUnitAsync()).Id);

        var problem = await (await (await _api.AdminAsync()).PostAsJsonAsync($"/api/projects/{project.Id}/activities",
            new { kind = "visit", on = factory.Today.AddDays(2) })).Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.HasError("on"));
        Assert.True(problem.HasError("summary"));
    }

    [Fact]
    public async Task Agreements_IntentionInTalksButFormalOnlyAfterSigning()
    {
        var project = await _api.CreateProjectAsync((await _api.CreateUnitAsync()).Id);
        var admin = await _api.AdminAsync();

        await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/agreements", new { type = "intention", signedOn = factory.Today, amount = 5000m }))
            .Expect(HttpStatusCode.Created);
        var formal = await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/agreements", new { type = "formal", signedOn = factory.Today }))
            .Problem(HttpStatusCode.Conflict);
        var list = await admin.GetFromJsonAsync<List<AgreementDto>>($"/api/projects/{project.Id}/agreements", HttpAssertions.Json);

        Assert.Equal("agreement.formalNeedsSigning", formal.Code);
        Assert.Equal(5000m, Assert.Single(list!).Amount);
    }

    [Fact]
    public async Task Audit_ProjectChange_RecordedWithUserEntityAndResult()
    {
        var (unit, _) = await UnitWithStaffAsync();
        var staff = await _api.CreateUserAsync(unit, "staff");
        var project = await _api.CreateProjectAsync(unit, by: staff.Client);

        var audit = await (await _api.AuditorAsync()).GetFromJsonAsync<System.Text.Json.JsonElement>(
            $"/api/audit?entity=project&entityId={project.Id}&userId={staff.Id}", HttpAssertions.Json);

        var record = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal("create", record.GetProperty("action").GetString());
        Assert.Equal(staff.UserName, record.GetProperty("userName").GetString());
        Assert.Equal("ok", record.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Audit_ReadByStaff_Returns403()
    {
        var staff = await _api.CreateUserAsync((await _api.CreateUnitAsync()).Id, "staff");

        await (await staff.Client.GetAsync("/api/audit")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Audit_FilterByTime_OnlyRecordsInTheWindow()
    {
        var auditor = await _api.AuditorAsync();
        var unit = await _api.CreateUnitAsync();
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var from = factory.Clock.GetUtcNow();
        var project = await _api.CreateProjectAsync(unit.Id);
        var to = factory.Clock.GetUtcNow().AddSeconds(1);

        var audit = await auditor.GetFromJsonAsync<System.Text.Json.JsonElement>(
            $"/api/audit?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}&entity=unit", HttpAssertions.Json);
        var projects = await auditor.GetFromJsonAsync<System.Text.Json.JsonElement>(
            $"/api/audit?from={Uri.EscapeDataString(from.ToString("O"))}&entity=project&entityId={project.Id}", HttpAssertions.Json);

        Assert.DoesNotContain(audit.GetProperty("items").EnumerateArray(), r => r.GetProperty("entityId").GetString() == unit.Id.ToString());
        Assert.Single(projects.GetProperty("items").EnumerateArray());
    }

    private async Task<(long Unit, long Person)> UnitWithStaffAsync()
    {
        var unit = await _api.CreateUnitAsync();
        var person = await _api.CreateUserAsync(unit.Id, "staff");
        return (unit.Id, person.Id);
    }

    private async Task<ProjectDto> SignedProjectAsync(long unit, long person, DateOnly signedOn)
    {
        var admin = await _api.AdminAsync();
        var project = await _api.CreateProjectAsync(unit, new { responsiblePersonId = person, talksStartedOn = signedOn.AddDays(-10) });
        project = await (await TestApi.TransitionAsync(admin, project, new { to = "preReview", on = signedOn })).As<ProjectDto>();
        return await (await TestApi.TransitionAsync(admin, project, new { to = "signed", on = signedOn, contractAmount = 10000m })).As<ProjectDto>();
    }
}
