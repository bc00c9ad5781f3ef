using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Hosting;
using Pipeline.Domain;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Land;

/// <summary>收储 / 可供 / 已供.</summary>
public enum ParcelStatus
{
    Reserve,
    Available,
    Supplied,
}

public sealed class ParcelRow
{
    public long Id { get; init; }

    public string Code { get; init; } = "";

    public string Location { get; init; } = "";

    public long AreaMu { get; init; }

    public ParcelStatus Status { get; init; }

    public string? GeoJson { get; init; }

    public long? ProjectId { get; init; }

    public int Version { get; init; }
}

public sealed record ParcelDto(long Id, string Code, string Location, decimal AreaMu, ParcelStatus Status, JsonElement? Outline, long? ProjectId, int Version)
    : IVersioned;

public sealed record CreateParcel(string? Code, string? Location, decimal? AreaMu, ParcelStatus? Status, JsonElement? Outline);

public sealed record ParcelQuery(string? Status, string? Q, int? Page, int? PageSize);

public sealed record LandPlanDto(int Year, decimal QuotaMu, int Version) : IVersioned;

public sealed record LandPlanInput(decimal? QuotaMu);

/// <summary>The land side of the pipeline: the year's land plan (quota in 亩) and the parcels that supply it (一张图、一张表).</summary>
public static class LandEndpoints
{
    private const string Columns = """
        r.id, r.code, r.location, r.area_mu, r.status, r.geojson AS GeoJson,
        r.project_id, r.version
        """;

    private static readonly string[] OutlineTypes = ["Polygon", "MultiPolygon", "Feature", "FeatureCollection"];

    public static void MapLand(this IEndpointRouteBuilder app)
    {
        var parcels = app.MapGroup("/api/parcels").WithTags("Land");
        parcels.MapGet("", List);
        parcels.MapGet("/{id:long}", Get).WithName("GetParcel");
        parcels.MapPost("", Create).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        parcels.MapPatch("/{id:long}", Update).RequireAuthorization(p => p.RequireRole(Roles.Admin));

        var plans = app.MapGroup("/api/land-plans").WithTags("Land");
        plans.MapGet("/{year:int}", GetPlan);
        plans.MapPut("/{year:int}", PutPlan).RequireAuthorization(p => p.RequireRole(Roles.Admin));
    }

    /// <summary>Null when the parcel can go to the project with that area; otherwise the answer to give.</summary>
    public static async Task<ProblemHttpResult?> ParcelProblemAsync(DbSession session, long parcelId, long projectId, decimal areaMu)
    {
        var parcel = await FindAsync(session, parcelId);
        if (parcel is null)
        {
            return Problems.Invalid("parcelId", $"There is no parcel {parcelId}.");
        }

        if (parcel.ProjectId is { } other && other != projectId)
        {
            return Problems.Conflict("parcel.unavailable", $"Parcel {parcel.Code} has been supplied to project {other}.");
        }

        return areaMu > parcel.AreaMu ? Problems.Invalid("areaMu", $"Parcel {parcel.Code} has {parcel.AreaMu:0.####} 亩; {areaMu:0.####} 亩 is more than that.") : null;
    }

    public static Task SupplyParcelAsync(DbSession session, long parcelId, long projectId, DateTime now) => session.ExecuteAsync("""
        UPDATE parcels SET status = 'supplied', project_id = @projectId, version = version + 1, updated_at = @now WHERE id = @parcelId
        """, new { parcelId, projectId, now });

    private static async Task<ParcelDto?> FindAsync(DbSession session, long id) =>
        (await session.QuerySingleOrDefaultAsync<ParcelRow>($"SELECT {Columns} FROM parcels r WHERE r.id = @id", new { id })) is { } row ? ToDto(row) : null;

    private static Task<Results<Ok<Paged<ParcelDto>>, ProblemHttpResult>> List([AsParameters] ParcelQuery query, Db db, CancellationToken ct)
    {
        var checks = new Checks();
        var status = checks.Enum<ParcelStatus>("status", query.Status);
        return Responses.PageAsync<ParcelDto>(db, query.Page, query.PageSize, async (session, page) =>
        {
            var filter = new SqlFilter()
                .When(status?.ToCode(), "r.status = @Status", "Status")
                .When(Like.Contains(query.Q), $"(r.code LIKE @Q {Like.Escape} OR r.location LIKE @Q {Like.Escape})", "Q");
            var (rows, total) = await session.PageAsync<ParcelRow>(Columns, "parcels r", filter, "r.code", page.Skip, page.Take);
            return (rows.Select(ToDto).ToList(), total);
        }, ct, checks);
    }

    private static async Task<Results<Ok<ParcelDto>, ProblemHttpResult>> Get(long id, Db db, HttpResponse response, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        return Responses.Found(await FindAsync(session, id), response, $"There is no parcel {id}.");
    }

    private static async Task<Results<CreatedAtRoute<ParcelDto>, ProblemHttpResult>> Create(
        CreateParcel request, Db db, AuditLog audit, BusinessClock clock, HttpResponse response, CancellationToken ct)
    {
        var checks = CheckParcel(new Checks().Text("code", request.Code, 64, required: true), request.Location, request.AreaMu, request.Outline);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        long id;
        try
        {
            id = await session.InsertAsync("""
                INSERT INTO parcels (code, location, area_mu, status, geojson, version, created_at, updated_at)
                VALUES (@Code, @Location, @Area, @Status, @GeoJson, 1, @Now, @Now)
                """, new
            {
                Code = request.Code!.Trim(), Location = request.Location!.Trim(), Area = Quantities.ToStored(request.AreaMu!.Value),
                Status = (request.Status ?? ParcelStatus.Available).ToCode(), GeoJson = request.Outline?.GetRawText(), Now = clock.UtcNow,
            });
        }
        catch (System.Data.Common.DbException e) when (session.IsUniqueViolation(e))
        {
            return Problems.Conflict("parcel.duplicateCode", $"There is a parcel with code {request.Code!.Trim()} already.");
        }

        await audit.WriteAsync(session, "create", "parcel", id, $"{request.Code} {request.AreaMu} 亩");
        var parcel = (await FindAsync(session, id))!;
        await session.CommitAsync();
        ETags.Set(response, parcel.Version);
        return TypedResults.CreatedAtRoute(parcel, "GetParcel", new { id });
    }

    private static async Task<Results<Ok<ParcelDto>, ProblemHttpResult>> Update(
        long id, JsonObject body, Db db, AuditLog audit, BusinessClock clock, IOptions<JsonOptions> json, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (expected, etagProblem) = ETags.Expected(request);
        if (etagProblem is not null)
        {
            return etagProblem;
        }

        await using var session = await db.BeginAsync(ct);
        var current = await FindAsync(session, id);
        if (current is null)
        {
            return Problems.NotFound($"There is no parcel {id}.");
        }

        var patch = new Patch(body, json.Value.SerializerOptions, new Checks()).Allow("location", "areaMu", "status", "outline");
        var location = patch.Or("location", current.Location, clearable: false);
        var area = patch.Or<decimal?>("areaMu", current.AreaMu, clearable: false);
        var status = patch.Or<ParcelStatus?>("status", current.Status, clearable: false);
        var outline = patch.Or("outline", current.Outline);
        var checks = CheckParcel(patch.Checks, location, area, outline)
            .When(current.ProjectId is not null && status != ParcelStatus.Supplied, "status", $"The parcel is supplied to project {current.ProjectId}.");
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (await session.ExecuteAsync("""
                UPDATE parcels SET location = @Location, area_mu = @Area, status = @Status, geojson = @GeoJson, version = version + 1, updated_at = @Now
                WHERE id = @id AND version = @expected
                """, new
            {
                id, expected, Location = location!.Trim(), Area = Quantities.ToStored(area!.Value), Status = status!.Value.ToCode(),
                GeoJson = outline?.GetRawText(), Now = clock.UtcNow,
            }) == 0)
        {
            return Problems.PreconditionFailed(current.Version);
        }

        await audit.WriteAsync(session, "update", "parcel", id, $"changed {string.Join(", ", body.Select(p => p.Key))}");
        var parcel = (await FindAsync(session, id))!;
        await session.CommitAsync();
        ETags.Set(response, parcel.Version);
        return TypedResults.Ok(parcel);
    }

    private static async Task<Results<Ok<LandPlanDto>, ProblemHttpResult>> GetPlan(int year, Db db, HttpResponse response, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        return Responses.Found(await PlanAsync(session, year), response, $"There is no land plan for {year}.");
    }

    /// <summary>Sets the year's quota; updating an existing plan needs its ETag.</summary>
    private static async Task<Results<Ok<LandPlanDto>, ProblemHttpResult>> PutPlan(
        int year, LandPlanInput request, Db db, AuditLog audit, BusinessClock clock, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var checks = new Checks().Quantity("quotaMu", request.QuotaMu, required: true).When(year is < 2000 or > 2100, "year", "A year such as 2026.");
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        var current = await PlanAsync(session, year);
        var args = new { year, Quota = Quantities.ToStored(request.QuotaMu!.Value), Now = clock.UtcNow };
        if (current is null)
        {
            await session.ExecuteAsync("INSERT INTO land_plans (year, quota_mu, version, updated_at) VALUES (@year, @Quota, 1, @Now)", args);
        }
        else
        {
            var (expected, etagProblem) = ETags.Expected(http);
            if (etagProblem is not null)
            {
                return etagProblem;
            }

            if (await session.ExecuteAsync("UPDATE land_plans SET quota_mu = @Quota, version = version + 1, updated_at = @Now WHERE year = @year AND version = @Expected",
                    new { args.year, args.Quota, args.Now, Expected = expected }) == 0)
            {
                return Problems.PreconditionFailed(current.Version);
            }
        }

        await audit.WriteAsync(session, "set", "landPlan", year, $"{request.QuotaMu} 亩");
        var plan = (await PlanAsync(session, year))!;
        await session.CommitAsync();
        ETags.Set(response, plan.Version);
        return TypedResults.Ok(plan);
    }

    public static async Task<LandPlanDto?> PlanAsync(DbSession session, int year) =>
        (await session.QuerySingleOrDefaultAsync<PlanRow>("SELECT year, quota_mu, version FROM land_plans WHERE year = @year", new { year }))
            is { } row ? new LandPlanDto(row.Year, Quantities.FromStored(row.QuotaMu), row.Version) : null;

    private static Checks CheckParcel(Checks checks, string? location, decimal? area, JsonElement? outline)
    {
        checks.Text("location", location, 200, required: true).Quantity("areaMu", area, required: true);
        if (outline is { } shape && !(shape.ValueKind == JsonValueKind.Object && shape.TryGetProperty("type", out var type)
                                      && OutlineTypes.Contains(type.GetString())))
        {
            checks.Add("outline", $"A GeoJSON object of type {string.Join(", ", OutlineTypes)}.");
        }

        return checks;
    }

    private static ParcelDto ToDto(ParcelRow row) => new(
        row.Id, row.Code, row.Location, Quantities.FromStored(row.AreaMu), row.Status,
        row.GeoJson is null ? null : JsonDocument.Parse(row.GeoJson).RootElement.Clone(), row.ProjectId, row.Version);

    private sealed class PlanRow
    {
        public int Year { get; init; }

        public long QuotaMu { get; init; }

        public int Version { get; init; }
    }
}
