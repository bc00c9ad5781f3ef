using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Reviews;
using Scalar.AspNetCore;

namespace Pipeline.Api.Hosting;

/// <summary>The cross-cutting parts of the API: data access, JSON conventions, problem details, clock, OpenAPI.</summary>
public static class ApiSetup
{
    public static void AddPipelineData(this WebApplicationBuilder builder)
    {
        DapperSetup.Configure();
        var services = builder.Services;
        // Resolved from configuration when first needed, so test hosts can override any setting.
        services.AddSingleton(sp => DataDirectory.From(sp.GetRequiredService<IConfiguration>(), builder.Environment.ContentRootPath));
        services.AddSingleton(sp => DatabaseSettings.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<DataDirectory>().Path));
        services.AddSingleton(sp => SqlDialects.For(sp.GetRequiredService<DatabaseSettings>().Provider));
        services.AddSingleton<Db>();
        services.AddSingleton<Migrator>();
        services.AddHealthChecks().AddCheck<DatabaseReadiness>("database", tags: ["ready"]);
    }

    public static void AddPipelineApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new BusinessClock(
            sp.GetRequiredService<TimeProvider>(),
            BusinessClock.FindZone(sp.GetRequiredService<IConfiguration>()["Pipeline:TimeZone"] ?? "Asia/Shanghai")));
        services.AddHttpContextAccessor();
        services.AddSingleton<AuditLog>();
        services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.Section).ValidateOnStart();
        services.AddOptions<Features.Trips.TripOptions>().BindConfiguration(Features.Trips.TripOptions.Section).ValidateOnStart();
        services.AddOptions<Features.Reports.RankingOptions>().BindConfiguration(Features.Reports.RankingOptions.Section).ValidateOnStart();

        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ErrorHandling>();

        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Pipeline — 招商项目管理 API";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from POST /api/auth/token.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
            return Task.CompletedTask;
        }));
    }

    /// <summary>camelCase, enums as camelCase strings, and unknown fields refused so that a misspelt field is never silently lost.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    public static void UsePipelineApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthChecks("/healthz", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();

        // API docs are for developers: on in Development, elsewhere only when Pipeline:ApiDocs is true.
        if (app.Configuration.GetValue("Pipeline:ApiDocs", app.Environment.IsDevelopment()))
        {
            app.MapOpenApi().AllowAnonymous();
            app.MapScalarApiReference().AllowAnonymous();
        }
    }
}
