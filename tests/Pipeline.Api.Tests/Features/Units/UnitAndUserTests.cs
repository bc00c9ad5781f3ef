using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Units;
using Pipeline.Api.Features.Users;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Units;

public class UnitAndUserTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    private readonly TestApi _api = new(factory);

    [Fact]
    public async Task CreateUnit_WithParent_201WithLocationAndETag()
    {
        var parent = await _api.CreateUnitAsync(kind: UnitKind.Park);
        var admin = await _api.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/units", new { name = TestApi.Unique("园区办"), kind = "department", parentId = parent.Id });
        var unit = await response.As<UnitDto>(HttpStatusCode.Created);

        Assert.Equal(parent.Id, unit.ParentId);
        Assert.Equal(UnitKind.Department, unit.Kind);
        Assert.EndsWith($"/api/units/{unit.Id}", response.Headers.Location!.ToString());
        Assert.Equal(1, response.Version());
    }

    [Fact]
    public async Task CreateUnit_DuplicateName_Returns409()
    {
        var unit = await _api.CreateUnitAsync();

        var problem = await (await (await _api.AdminAsync()).PostAsJsonAsync("/api/units", new { name = unit.Name, kind = "township" }))
            .Problem(HttpStatusCode.Conflict);

        Assert.Equal("unit.duplicateName", problem.Code);
    }

    [Fact]
    public async Task CreateUnit_ByStaff_Returns403()
    {
        var unit = await _api.CreateUnitAsync();
        var staff = await _api.CreateUserAsync(unit.Id, "staff");

        await (await staff.Client.PostAsJsonAsync("/api/units", new { name = TestApi.Unique("x"), kind = "township" })).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CreateUnit_UnknownKind_Returns400NamingTheField()
    {
        var problem = await (await (await _api.AdminAsync()).PostAsJsonAsync("/api/units", new { name = TestApi.Unique("x"), kind = "village" }))
            .Problem(HttpStatusCode.BadRequest);

        Assert.Contains("township", problem.Error("kind"));
    }

    [Fact]
    public async Task PatchUnit_StaleETag_Returns412AndChangesNothing()
    {
        var unit = await _api.CreateUnitAsync();
        var admin = await _api.AdminAsync();
        await (await TestApi.PatchAsync(admin, $"/api/units/{unit.Id}", new { name = unit.Name + "-新" }, 1)).Expect(HttpStatusCode.OK);

        var problem = await (await TestApi.PatchAsync(admin, $"/api/units/{unit.Id}", new { name = unit.Name + "-旧" }, 1)).Problem(HttpStatusCode.PreconditionFailed);
        var current = await admin.GetFromJsonAsync<UnitDto>($"/api/units/{unit.Id}", HttpAssertions.Json);

        Assert.Contains("当前版本 2", problem.Detail);
        Assert.Equal(unit.Name + "-新", current!.Name);
    }

    [Fact]
    public async Task PatchUnit_WithoutIfMatch_Returns428()
    {
        var unit = await _api.CreateUnitAsync();

        await (await TestApi.PatchAsync(await _api.AdminAsync(), $"/api/units/{unit.Id}", new { name = "x" }, null)).Problem(HttpStatusCode.PreconditionRequired);
    }

    [Fact]
    public async Task PatchUnit_UnderItsOwnSubUnit_Returns409Cycle()
    {
        var top = await _api.CreateUnitAsync();
        var child = await _api.CreateUnitAsync(parentId: top.Id);

        var problem = await (await TestApi.PatchAsync(await _api.AdminAsync(), $"/api/units/{top.Id}", new { parentId = child.Id }, top.Version))
            .Problem(HttpStatusCode.Conflict);

        Assert.Equal("unit.cycle", problem.Code);
    }

    [Fact]
    public async Task PatchUnit_MoveSubtree_StaffOfNewParentSeeItsProjects()
    {
        var oldParent = await _api.CreateUnitAsync();
        var newParent = await _api.CreateUnitAsync();
        var moved = await _api.CreateUnitAsync(parentId: oldParent.Id);
        var grandchild = await _api.CreateUnitAsync(parentId: moved.Id);
        var project = await _api.CreateProjectAsync(grandchild.Id);
        var oldStaff = await _api.CreateUserAsync(oldParent.Id, "staff");
        var newStaff = await _api.CreateUserAsync(newParent.Id, "staff");

        await (await TestApi.PatchAsync(await _api.AdminAsync(), $"/api/units/{moved.Id}", new { parentId = newParent.Id }, moved.Version)).Expect(HttpStatusCode.OK);

        await (await newStaff.Client.GetAsync($"/api/projects/{project.Id}")).Expect(HttpStatusCode.OK);
        await (await oldStaff.Client.GetAsync($"/api/projects/{project.Id}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListUnits_ByParent_ReturnsOnlyChildren()
    {
        var parent = await _api.CreateUnitAsync();
        await _api.CreateUnitAsync(parentId: parent.Id);
        await _api.CreateUnitAsync(parentId: parent.Id);

        var page = await (await _api.AdminAsync()).GetFromJsonAsync<Paged<UnitDto>>($"/api/units?parentId={parent.Id}", HttpAssertions.Json);

        Assert.Equal(2, page!.Total);
        Assert.All(page.Items, u => Assert.Equal(parent.Id, u.ParentId));
    }

    [Fact]
    public async Task CreateUser_Valid_201AndCanSignIn()
    {
        var unit = await _api.CreateUnitAsync();
        var userName = TestApi.Unique("li.na");

        var response = await (await _api.AdminAsync()).PostAsJsonAsync("/api/users",
            new { userName, displayName = "李娜", password = "Strong-Pass-1", roles = new[] { "staff", "committee" }, unitId = unit.Id, phone = "13800000000" });
        var user = await response.As<UserDto>(HttpStatusCode.Created);

        Assert.Equal(["committee", "staff"], user.Roles);
        Assert.Equal("李娜", user.DisplayName);
        await _api.SignInAsync(userName, "Strong-Pass-1");
    }

    [Fact]
    public async Task CreateUser_WeakPasswordUnknownRoleStaffWithoutUnit_Returns400ForEach()
    {
        var problem = await (await (await _api.AdminAsync()).PostAsJsonAsync("/api/users",
            new { userName = TestApi.Unique("u"), displayName = "x", password = "short", roles = new[] { "staff", "mayor" } }))
            .Problem(HttpStatusCode.BadRequest);

        Assert.Equal("密码至少 8 个字符。", problem.Error("password"));
        Assert.Contains("“mayor”不是角色", problem.Error("roles"));
        Assert.Equal("招商人员须属于某一单位，请填写单位。", problem.Error("unitId"));
    }

    [Fact]
    public async Task CreateUser_DuplicateUserNameInOtherCase_Returns409()
    {
        var user = await _api.CreateUserAsync(null, "leader");

        var problem = await (await (await _api.AdminAsync()).PostAsJsonAsync("/api/users",
            new { userName = user.UserName.ToUpperInvariant(), displayName = "x", password = "Strong-Pass-1", roles = new[] { "leader" } }))
            .Problem(HttpStatusCode.Conflict);

        Assert.Equal("user.duplicateUserName", problem.Code);
    }

    [Fact]
    public async Task PatchUser_RolesChanged_OldTokenStopsWorking()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        var admin = await _api.AdminAsync();
        var current = await admin.GetAsync($"/api/users/{user.Id}");

        await (await TestApi.PatchAsync(admin, $"/api/users/{user.Id}", new { roles = new[] { "auditor" } }, current.Version())).Expect(HttpStatusCode.OK);

        await (await user.Client.GetAsync("/api/me")).Expect(HttpStatusCode.Unauthorized);
        var fresh = await _api.SignInAsync(user.UserName, user.Password);
        Assert.Equal(["auditor"], (await fresh.GetFromJsonAsync<UserDto>($"/api/users/{user.Id}", HttpAssertions.Json))!.Roles);
    }

    [Fact]
    public async Task PatchUser_Deactivated_CannotSignInAndTokenRevoked()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        var admin = await _api.AdminAsync();
        var version = (await admin.GetAsync($"/api/users/{user.Id}")).Version();

        await (await TestApi.PatchAsync(admin, $"/api/users/{user.Id}", new { isActive = false }, version)).Expect(HttpStatusCode.OK);

        await (await user.Client.GetAsync("/api/me")).Expect(HttpStatusCode.Unauthorized);
        await (await _api.Anonymous().PostAsJsonAsync("/api/auth/token", new { user.UserName, user.Password })).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PatchUser_UnknownField_Returns400AndChangesNothing()
    {
        var user = await _api.CreateUserAsync(null, "leader");
        var admin = await _api.AdminAsync();
        var version = (await admin.GetAsync($"/api/users/{user.Id}")).Version();

        var problem = await (await TestApi.PatchAsync(admin, $"/api/users/{user.Id}", new { displayName = "新名字", userName = "renamed" }, version))
            .Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.HasError("userName"));
        Assert.Equal("测试用户", (await admin.GetFromJsonAsync<UserDto>($"/api/users/{user.Id}", HttpAssertions.Json))!.DisplayName);
    }

    [Fact]
    public async Task ListUsers_ByRole_FiltersOnRole()
    {
        var unit = await _api.CreateUnitAsync();
        await _api.CreateUserAsync(unit.Id, "staff");
        await _api.CreateUserAsync(unit.Id, "staff", "committee");

        var page = await (await _api.AdminAsync()).GetFromJsonAsync<Paged<UserDto>>($"/api/users?unitId={unit.Id}&role=committee", HttpAssertions.Json);

        var only = Assert.Single(page!.Items);
        Assert.Contains("committee", only.Roles);
    }

    [Fact]
    public async Task ListUsers_PageSizeOver200_Returns400()
    {
        var problem = await (await (await _api.AdminAsync()).GetAsync("/api/users?pageSize=500")).Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.HasError("pageSize"));
    }
}

public class LastAdminTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task PatchUser_RemovingTheLastAdmin_Returns409()
    {
        var api = new TestApi(factory);
        var admin = await api.AdminAsync();
        var me = await admin.GetFromJsonAsync<UserDto>("/api/users/1", HttpAssertions.Json);

        var problem = await (await TestApi.PatchAsync(admin, "/api/users/1", new { roles = new[] { "staff" }, unitId = (long?)null }, me!.Version))
            .Problem(HttpStatusCode.BadRequest);
        var demote = await (await TestApi.PatchAsync(admin, "/api/users/1", new { roles = new[] { "auditor" } }, me.Version)).Problem(HttpStatusCode.Conflict);

        Assert.True(problem.HasError("unitId"));
        Assert.Equal("user.lastAdmin", demote.Code);
    }
}
