using Pipeline.Api.Data;
using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Auth;
using Pipeline.Api.Features.Companies;
using Pipeline.Api.Features.Demo;
using Pipeline.Api.Features.Imports;
using Pipeline.Api.Features.Industries;
using Pipeline.Api.Features.Land;
using Pipeline.Api.Features.Leads;
using Pipeline.Api.Features.Notifications;
using Pipeline.Api.Features.Progress;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Reports;
using Pipeline.Api.Features.Reviews;
using Pipeline.Api.Features.Trips;
using Pipeline.Api.Features.Units;
using Pipeline.Api.Features.Users;
using Pipeline.Api.Hosting;

try
{
    var command = StartupCommand.Parse(args);
    var builder = WebApplication.CreateBuilder(command.HostArgs);
    builder.AddPipelineData();
    builder.AddPipelineProxy();
    builder.AddPipelineAuth();
    builder.AddPipelineApi();
    builder.AddPipelineJobs();
    builder.Services.AddScoped<DemoData>();
    builder.Services.AddScoped<ScaleData>();

    var app = builder.Build();
    app.UsePipelineProxy();
    app.UseWorkspace();
    app.UsePipelineApi();
    app.MapAuth();
    app.MapUnits();
    app.MapUsers();
    app.MapIndustries();
    app.MapCompanies();
    app.MapProjects();
    app.MapTrips();
    app.MapLeads();
    app.MapStandardsAndRubric();
    app.MapReviews();
    app.MapAlertRules();
    app.MapAlerts();
    app.MapNotifications();
    app.MapReports();
    app.MapTargets();
    app.MapProgress();
    app.MapLand();
    app.MapImports();
    app.MapAudit();
    app.MapPipelineDashboard();

    return await app.RunPipelineAsync(command);
}
catch (ConfigurationProblem problem)
{
    await Console.Error.WriteLineAsync($"Pipeline stopped: {problem.Message}");
    return 1;
}

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
