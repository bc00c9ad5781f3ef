using System.Net;
using System.Net.Http.Json;
using Pipeline.Api.Features.Dispatch;
using Pipeline.Api.Features.Notifications;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Features.Alerts;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Api.Tests.Features.Dispatch;

/// <summary>Matters in the leader's daily digest; its own host, as the test lets a due date pass.</summary>
public class MatterDigestTests(PipelineFactory factory) : IClassFixture<PipelineFactory>
{
    [Fact]
    public async Task Digest_LeaderWithAnOverdueMatterAndNoAlerts_CountsTheMatterOpenAndOverdue()
    {
        var api = new TestApi(factory);
        var admin = await api.AdminAsync();
        var subjects = new AlertSubjects(api, factory.Today);
        var (unit, person) = await subjects.OwnersAsync();
        var leader = await api.CreateUserAsync(null, "leader");
        var project = await subjects.SignedAsync(unit, person, 20, plannedGroundbreakingOn: factory.Today.AddYears(1), landMode: "existingBuilding",
            leaderId: leader.Id, updatesFiled: false);
        await (await admin.PostAsJsonAsync($"/api/projects/{project.Id}/updates", new
        {
            month = "2026-06", progress = "企业完成设备选型", nextSteps = "申请电力接入", matters = new[] { new { text = "协调 10 千伏线路接入" } },
        })).As<UpdateDto>(HttpStatusCode.Created);
        var matter = (await admin.GetFromJsonAsync<Paged<MatterDto>>($"/api/matters?projectId={project.Id}", HttpAssertions.Json))!.Items.Single();
        await (await admin.PostAsJsonAsync($"/api/matters/{matter.Id}/assign", new { unitId = unit, dueOn = factory.Today.AddDays(1) })).As<MatterDto>();
        factory.Clock.Advance(TimeSpan.FromDays(3));

        await factory.ScanAsync();
        var inbox = await (await api.SignInAsync(leader.UserName, leader.Password))
            .GetFromJsonAsync<Paged<NotificationDto>>("/api/notifications", HttpAssertions.Json);

        var digest = Assert.Single(inbox!.Items, n => n.Kind == "digest");
        Assert.StartsWith("【督办日报】", digest.Title);
        Assert.DoesNotContain("预警未解除", digest.Body);
        Assert.Contains("需协调事项未办结 1 项，其中逾期 1 项", digest.Body);
    }
}
