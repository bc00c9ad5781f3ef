using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Industries;

public static partial class IndustryEndpoints
{
    private const string Columns =
        "i.code, i.name, i.parent_code, i.is_priority, i.version";

    public static void MapIndustries(this IEndpointRouteBuilder app)
    {
        var industries = app.MapGroup("/api/industries").WithTags("Industries");
        industries.MapGet("", List);
        industries.MapGet("/{code}", Get).WithName("GetIndustry");
        industries.MapPost("", Create).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        industries.MapPatch("/{code}", Update).RequireAuthorization(p => p.RequireRole(Roles.Admin));
    }

    public static Task<IndustryDto?> FindAsync(DbSession session, string code) =>
        session.QuerySingleOrDefaultAsync<IndustryDto>($"SELECT {Columns} FROM industries i WHERE i.code = @code", new { code });

    private static Task<Results<Ok<Paged<IndustryDto>>, ProblemHttpResult>> List([AsParameters] IndustryQuery query, Db db, CancellationToken ct)
    {
        var filter = new SqlFilter()
            .When(Like.Contains(query.Q), $"(i.name LIKE @Q {Like.Escape} OR i.code LIKE @Q {Like.Escape})", "Q")
            .When(query.ParentCode, "i.parent_code = @ParentCode", "ParentCode")
            .When(query.IsPriority, "i.is_priority = @IsPriority", "IsPriority");
        return Responses.PageAsync(db, query.Page, query.PageSize,
            (session, page) => session.PageAsync<IndustryDto>(Columns, "industries i", filter, "i.code", page.Skip, page.Take), ct);
    }

    private static async Task<Results<Ok<IndustryDto>, ProblemHttpResult>> Get(string code, Db db, HttpResponse response, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        return Responses.Found(await FindAsync(session, code), response, $"There is no industry with code '{code}'.");
    }

    private static async Task<Results<CreatedAtRoute<IndustryDto>, ProblemHttpResult>> Create(
        CreateIndustry request, Db db, AuditLog audit, BusinessClock clock, HttpResponse response, CancellationToken ct)
    {
        var checks = new Checks().Text("code", request.Code, 16, required: true).Text("name", request.Name, 200, required: true)
            .When(request.Code is { Length: > 0 } c && !CodePattern().IsMatch(c.Trim()), "code",
                "Use a GB/T 4754 code: a section letter followed by up to four digits (e.g. C39 or C3911).");
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var code = request.Code!.Trim().ToUpperInvariant();
        await using var session = await db.BeginAsync(ct);
        if (request.ParentCode is { } parent && await FindAsync(session, parent) is null)
        {
            return Problems.Invalid("parentCode", $"There is no industry with code '{parent}'.");
        }

        try
        {
            await session.ExecuteAsync("""
                INSERT INTO industries (code, name, parent_code, is_priority, version, created_at, updated_at)
                VALUES (@code, @Name, @ParentCode, @IsPriority, 1, @Now, @Now)
                """, new { code, Name = request.Name!.Trim(), request.ParentCode, IsPriority = request.IsPriority ?? false, Now = clock.UtcNow });
        }
        catch (System.Data.Common.DbException e) when (session.IsUniqueViolation(e))
        {
            return Problems.Conflict("industry.duplicateCode", $"The industry code '{code}' exists already.");
        }

        await audit.WriteAsync(session, "create", "industry", code, request.Name);
        var industry = (await FindAsync(session, code))!;
        await session.CommitAsync();
        ETags.Set(response, industry.Version);
        return TypedResults.CreatedAtRoute(industry, "GetIndustry", new { code });
    }

    private static async Task<Results<Ok<IndustryDto>, ProblemHttpResult>> Update(
        string code, JsonObject body, Db db, AuditLog audit, BusinessClock clock, IOptions<JsonOptions> json,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (expected, etagProblem) = ETags.Expected(request);
        if (etagProblem is not null)
        {
            return etagProblem;
        }

        await using var session = await db.BeginAsync(ct);
        var current = await FindAsync(session, code);
        if (current is null)
        {
            return Problems.NotFound($"There is no industry with code '{code}'.");
        }

        var patch = new Patch(body, json.Value.SerializerOptions, new Checks()).Allow("name", "parentCode", "isPriority");
        var name = patch.Or("name", current.Name, clearable: false);
        var parentCode = patch.Or("parentCode", current.ParentCode);
        var isPriority = patch.Or("isPriority", current.IsPriority, clearable: false);
        var checks = patch.Checks.Text("name", name, 200, required: true)
            .When(parentCode == current.Code, "parentCode", "An industry cannot be its own parent.");
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (current.Version != expected)
        {
            return Problems.PreconditionFailed(current.Version);
        }

        if (parentCode is not null && parentCode != current.ParentCode && await FindAsync(session, parentCode) is null)
        {
            return Problems.Invalid("parentCode", $"There is no industry with code '{parentCode}'.");
        }

        var updated = await session.ExecuteAsync("""
            UPDATE industries SET name = @Name, parent_code = @parentCode, is_priority = @isPriority, version = version + 1, updated_at = @Now
            WHERE code = @code AND version = @expected
            """, new { code = current.Code, expected, Name = name!.Trim(), parentCode, isPriority, Now = clock.UtcNow });
        if (updated == 0)
        {
            return Problems.PreconditionFailed(current.Version + 1);
        }

        await audit.WriteAsync(session, "update", "industry", current.Code, $"changed {string.Join(", ", body.Select(p => p.Key))}");
        var industry = (await FindAsync(session, current.Code))!;
        await session.CommitAsync();
        ETags.Set(response, industry.Version);
        return TypedResults.Ok(industry);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Ta-t][0-9]{0,4}$")]
    private static partial System.Text.RegularExpressions.Regex CodePattern();
}
