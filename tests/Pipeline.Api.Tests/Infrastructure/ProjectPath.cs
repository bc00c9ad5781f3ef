using System.Text.Json.Nodes;
using Pipeline.Api.Features.Projects;

namespace Pipeline.Api.Tests.Infrastructure;

/// <summary>Walks a new project through dated transitions, as a ledger of its past would read.</summary>
public static class ProjectPath
{
    public static async Task<ProjectDto> WalkAsync(
        TestApi api, long unit, long person, string landMode, DateOnly talksOn, decimal investment, params (string To, DateOnly On)[] steps)
    {
        var admin = await api.AdminAsync();
        var project = await api.CreateProjectAsync(unit, new { responsiblePersonId = person, landMode, talksStartedOn = talksOn, totalInvestment = investment });
        foreach (var (to, on) in steps)
        {
            var body = new JsonObject { ["to"] = to, ["on"] = on.ToString("yyyy-MM-dd") };
            switch (to)
            {
                case "signed":
                    body["contractAmount"] = investment;
                    break;
                case "landSupply":
                    body["areaMu"] = 50m;
                    break;
                case "dropped":
                    body["reasonCode"] = "other";
                    body["note"] = "测试终止";
                    break;
            }

            project = await (await TestApi.TransitionAsync(admin, project, body)).As<ProjectDto>();
        }

        return project;
    }
}
