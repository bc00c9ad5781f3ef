using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Features.Attachments;
using Pipeline.Api.Features.Auth;
using Pipeline.Api.Features.Calendar;
using Pipeline.Api.Features.Companies;
using Pipeline.Api.Features.Demo;
using Pipeline.Api.Features.Dispatch;
using Pipeline.Api.Features.Imports;
using Pipeline.Api.Features.Industries;
using Pipeline.Api.Features.Land;
using Pipeline.Api.Features.Leads;
using Pipeline.Api.Features.Notifications;
using Pipeline.Api.Features.Progress;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Reports;
using Pipeline.Api.Features.Reviews;
using Pipeline.Api.Features.Security;
using Pipeline.Api.Features.Targets;
using Pipeline.Api.Features.Trips;
using Pipeline.Api.Features.Units;
using Pipeline.Api.Features.Users;

try
{
    var command = StartupCommand.Parse(args);
    var builder = WebApplication.CreateBuilder(command.HostArgs);
    builder.AddPipelineHosting();
    builder.AddAuth();
    builder.AddAudit();
    builder.AddSecuritySettings();
    builder.AddProjects();
    builder.AddTrips();
    builder.AddLeads();
    builder.AddReviews();
    builder.AddAlerts();
    builder.AddNotifications();
    builder.AddReports();
    builder.AddDispatch();
    builder.AddAttachments();
    builder.AddDemo();

    var app = builder.Build();
    app.UseSecurityHeaders();
    app.UseWorkspace();
    app.UsePipelineHosting();
    var api = app.MapApi();
    api.MapAuth();
    api.MapUnits();
    api.MapUsers();
    api.MapIndustries();
    api.MapCompanies();
    api.MapProjects();
    api.MapProgress();
    api.MapTrips();
    api.MapLeads();
    api.MapReviews();
    api.MapAlerts();
    api.MapCalendar();
    api.MapNotifications();
    api.MapReports();
    api.MapTargets();
    api.MapDispatch();
    api.MapAttachments();
    api.MapLand();
    api.MapImports();
    api.MapSecuritySettings();
    api.MapAudit();
    app.MapPipelineDashboard();

    return await app.RunPipelineAsync(command);
}
catch (ConfigurationProblem problem)
{
    await Console.Error.WriteLineAsync($"Pipeline stopped: {problem.Message}");
    return 1;
}
catch (Exception invalid) when (SettingsRegistration.Failures(invalid) is { Count: > 0 } failures)
{
    await Console.Error.WriteLineAsync($"Pipeline stopped: {string.Join(" ", failures)}");
    return 1;
}

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
