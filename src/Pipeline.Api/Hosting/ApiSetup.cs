using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Pipeline.Api.Hosting;

/// <summary>
/// The cross-cutting parts every feature stands on: data access, the city's clock, JSON conventions, problem details,
/// request checks, sign-in, background jobs and the API description. Features register their own services beside their routes.
/// </summary>
public static class ApiSetup
{
    public static void AddPipelineHosting(this WebApplicationBuilder builder)
    {
        // No "Server: Kestrel" banner: it tells an attacker what to look up.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.AddPipelineData();
        builder.Services.AddPipelineProxy();
        builder.AddPipelineApi();
        builder.AddPipelineAuthentication();
        builder.AddPipelineJobs();
    }

    private static void AddPipelineData(this WebApplicationBuilder builder)
    {
        DapperSetup.Configure();
        var services = builder.Services;
        services.AddSettings<PipelineOptions>();
        services.AddSettings<DatabaseOptions>();
        // Resolved from configuration when first needed, so test hosts can override any setting.
        services.AddSingleton(sp => DataDirectory.From(sp.GetRequiredService<IOptions<PipelineOptions>>(), builder.Environment.ContentRootPath));
        services.AddSingleton(sp => DatabaseSettings.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<DataDirectory>().Path));
        services.AddSingleton(sp => SqlDialects.For(sp.GetRequiredService<DatabaseSettings>().Provider));
        services.AddSingleton<Db>();
        services.AddSingleton<Migrator>();
        services.AddHealthChecks().AddCheck<DatabaseReadiness>("database", tags: ["ready"]);
    }

    private static void AddPipelineApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        // Messages in Chinese unless the request asks for English; numbers and dates keep one format for every language.
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture(CultureInfo.InvariantCulture, new CultureInfo("zh-CN"));
            options.SupportedCultures = [CultureInfo.InvariantCulture];
            options.SupportedUICultures = [new CultureInfo("zh-CN"), new CultureInfo("en")];
            options.RequestCultureProviders = [new Microsoft.AspNetCore.Localization.AcceptLanguageHeaderRequestCultureProvider()];
        });
        services.AddSingleton(sp => new BusinessClock(
            sp.GetRequiredService<TimeProvider>(),
            TimeZoneInfo.FindSystemTimeZoneById(sp.GetRequiredService<IOptions<PipelineOptions>>().Value.TimeZone)));
        services.AddHttpContextAccessor();

        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ErrorHandling>();

        services.AddOpenApi(options => options.AddSchemaTransformer(OptionalWhenNullable).AddSchemaTransformer(EnumValues).AddDocumentTransformer((document, _, _) =>
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

    /// <summary>
    /// An enum is a string of one of its camelCase names: the description generator only lists the values for the
    /// framework's own enum converter, and <see cref="ExactEnums"/> stands in front of it.
    /// </summary>
    private static Task EnumValues(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Type.IsEnum)
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. Enum.GetNames(context.JsonTypeInfo.Type).Select(name => (System.Text.Json.Nodes.JsonNode)JsonNamingPolicy.CamelCase.ConvertName(name))];
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A property that may be null is not <c>required</c>: positional records make every constructor parameter required in
    /// the generated schema, but the API's own checks say which fields a request must have (with a field error people can read).
    /// </summary>
    private static Task OptionalWhenNullable(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (schema.Required is { Count: > 0 } required && context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object)
        {
            var nullability = new NullabilityInfoContext();
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null || property.AttributeProvider switch
                {
                    PropertyInfo p => !p.PropertyType.IsValueType && nullability.Create(p).ReadState == NullabilityState.Nullable,
                    _ => false,
                };
                if (nullable)
                {
                    required.Remove(property.Name);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// camelCase, enums as exactly their camelCase strings (<see cref="ExactEnums"/>; the framework's string converter behind
    /// it only tells the API description that enums are strings), and unknown fields refused so that a misspelt field is
    /// never silently lost.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new ExactEnums());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    public static void UsePipelineHosting(this WebApplication app)
    {
        app.UsePipelineProxy();
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRefusalAudit();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseJsonBodyCheck();

        app.MapHealthChecks("/healthz", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();

        // API docs are for developers: on in Development, elsewhere only when Pipeline:ApiDocs is true.
        if (app.Services.GetRequiredService<IOptions<PipelineOptions>>().Value.ApiDocs ?? app.Environment.IsDevelopment())
        {
            app.MapOpenApi().AllowAnonymous();
            app.MapScalarApiReference().AllowAnonymous();
        }
    }

    /// <summary>The root of every feature's routes, <c>/api</c>, with the checks each request body and <c>If-Match</c> get.</summary>
    public static RouteGroupBuilder MapApi(this WebApplication app) =>
        app.MapGroup("/api").AddEndpointFilterFactory(RequestChecks.Factory);
}
