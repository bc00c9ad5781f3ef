using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Hosting;
using Pipeline.Domain;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Reviews;

/// <summary>The admin-managed yardsticks of pre-review: entry standards (准入标准) and the scoring rubric (评分表).</summary>
public static class StandardAndRubricEndpoints
{
    public static void MapStandardsAndRubric(this IEndpointRouteBuilder app)
    {
        var standards = app.MapGroup("/api/entry-standards").WithTags("Pre-review");
        standards.MapGet("", ListStandards);
        standards.MapGet("/{id:long}", GetStandard).WithName("GetEntryStandard");
        standards.MapPost("", CreateStandard).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        standards.MapPut("/{id:long}", ReplaceStandard).RequireAuthorization(p => p.RequireRole(Roles.Admin));

        var rubric = app.MapGroup("/api/review-rubric").WithTags("Pre-review");
        rubric.MapGet("", GetRubric);
        rubric.MapPut("", ReplaceRubric).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        app.MapGet("/api/veto-reasons", (Microsoft.Extensions.Options.IOptions<ReviewOptions> options) =>
            TypedResults.Ok(options.Value.VetoReasons.Select(v => new { code = v.Key, name = v.Value }).ToList())).WithTags("Pre-review");
    }

    private static async Task<Ok<IReadOnlyList<EntryStandardDto>>> ListStandards(Db db, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        return TypedResults.Ok(await LoadAsync(session, null));
    }

    private static async Task<Results<Ok<EntryStandardDto>, ProblemHttpResult>> GetStandard(long id, Db db, HttpResponse response, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        return Responses.Found((await LoadAsync(session, id)).SingleOrDefault(), response, $"There is no entry standard {id}.");
    }

    private static async Task<Results<CreatedAtRoute<EntryStandardDto>, ProblemHttpResult>> CreateStandard(
        EntryStandardInput request, Db db, AuditLog audit, BusinessClock clock, HttpResponse response, CancellationToken ct)
    {
        var checks = CheckStandard(request);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        await new ReferenceCheck()
            .Industry("industryCode", request.IndustryCode)
            .Row("parkUnitId", "units", request.ParkUnitId, $"There is no park {request.ParkUnitId}.", "r.kind = 'park'")
            .CheckAsync(session, checks);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        long id;
        try
        {
            id = await session.InsertAsync("""
                INSERT INTO entry_standards (scope_key, industry_code, park_unit_id, name, version, created_at, updated_at)
                VALUES (@Key, @IndustryCode, @ParkUnitId, @Name, 1, @Now, @Now)
                """, new { Key = EntryStandards.ScopeKey(request.IndustryCode, request.ParkUnitId), request.IndustryCode, request.ParkUnitId, Name = request.Name!.Trim(), Now = clock.UtcNow });
        }
        catch (System.Data.Common.DbException e) when (session.IsUniqueViolation(e))
        {
            return Problems.Conflict("entryStandard.duplicate",
                "There is a standard for this industry and park already; change its thresholds instead (PUT /api/entry-standards/{id}).");
        }

        await ReplaceThresholdsAsync(session, id, request.Thresholds!);
        await audit.WriteAsync(session, "create", "entryStandard", id, request.Name);
        var standard = (await LoadAsync(session, id)).Single();
        await session.CommitAsync();
        ETags.Set(response, standard.Version);
        return TypedResults.CreatedAtRoute(standard, "GetEntryStandard", new { id });
    }

    private static async Task<Results<Ok<EntryStandardDto>, ProblemHttpResult>> ReplaceStandard(
        long id, EntryStandardInput request, Db db, AuditLog audit, BusinessClock clock, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var (expected, etagProblem) = ETags.Expected(http);
        if (etagProblem is not null)
        {
            return etagProblem;
        }

        var checks = CheckStandard(request);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        var current = (await LoadAsync(session, id)).SingleOrDefault();
        if (current is null)
        {
            return Problems.NotFound($"There is no entry standard {id}.");
        }

        if (request.IndustryCode != current.IndustryCode || request.ParkUnitId != current.ParkUnitId)
        {
            return Problems.Invalid("industryCode", "The industry and park of a standard cannot change; create a new standard for another scope.");
        }

        if (await session.ExecuteAsync("""
                UPDATE entry_standards SET name = @Name, version = version + 1, updated_at = @Now WHERE id = @id AND version = @expected
                """, new { id, expected, Name = request.Name!.Trim(), Now = clock.UtcNow }) == 0)
        {
            return Problems.PreconditionFailed(current.Version);
        }

        await ReplaceThresholdsAsync(session, id, request.Thresholds!);
        await audit.WriteAsync(session, "update", "entryStandard", id, string.Join(", ", request.Thresholds!.Select(t => $"{t.Indicator} {t.Min}–{t.Max}")));
        var standard = (await LoadAsync(session, id)).Single();
        await session.CommitAsync();
        ETags.Set(response, standard.Version);
        return TypedResults.Ok(standard);
    }

    private static async Task<Results<Ok<RubricDto>, ProblemHttpResult>> GetRubric(Db db, HttpResponse response, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        return Responses.Found(await LoadRubricAsync(session), response, "There is no rubric.");
    }

    /// <summary>Replaces the whole rubric (a new version), so that weights never add up to anything but 100 in between.</summary>
    private static async Task<Results<Ok<RubricDto>, ProblemHttpResult>> ReplaceRubric(
        RubricInput request, Caller caller, Db db, AuditLog audit, BusinessClock clock, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var (expected, etagProblem) = ETags.Expected(http);
        if (etagProblem is not null)
        {
            return etagProblem;
        }

        var input = request.Criteria ?? [];
        var checks = new Checks();
        for (var i = 0; i < input.Count; i++)
        {
            checks.Text($"criteria[{i}].code", input[i].Code, 64, required: true).Text($"criteria[{i}].name", input[i].Name, 100, required: true)
                .Required($"criteria[{i}].weight", input[i].Weight)
                .Quantity($"criteria[{i}].pointsPerStep", input[i].PointsPerStep).Quantity($"criteria[{i}].step", input[i].Step);
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        var criteria = input.Select(c => new Criterion(c.Code!.Trim(), c.Name!.Trim(), c.Weight!.Value, c.Indicator, c.PointsPerStep, c.Step)).ToList();
        foreach (var (field, message) in RubricRules.Problems(criteria))
        {
            checks.Add(field, message);
        }

        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        var current = await ReviewStore.CurrentRubricIdAsync(session);
        if (current != expected)
        {
            return Problems.PreconditionFailed((int)current);
        }

        var id = await session.InsertAsync("INSERT INTO rubrics (created_at, created_by) VALUES (@Now, @By)", new { Now = clock.UtcNow, By = caller.Id });
        await session.ExecuteAsync("""
            INSERT INTO rubric_criteria (rubric_id, code, name, weight, indicator, points_per_step, step, sort_order)
            VALUES (@id, @Code, @Name, @Weight, @Indicator, @PointsPerStep, @Step, @Order)
            """, criteria.Select((c, i) => new
            {
                id, c.Code, c.Name, Weight = Quantities.ToStored(c.Weight), Indicator = c.Indicator is { } ind ? ind.ToCode() : null,
                PointsPerStep = Projects.ProjectStore.Stored(c.PointsPerStep), Step = Projects.ProjectStore.Stored(c.Step), Order = i + 1,
            }));
        await audit.WriteAsync(session, "replace", "reviewRubric", id, string.Join(", ", criteria.Select(c => $"{c.Code} {c.Weight:0.##}")));
        var rubric = (await LoadRubricAsync(session))!;
        await session.CommitAsync();
        ETags.Set(response, rubric.Version);
        return TypedResults.Ok(rubric);
    }

    private static Checks CheckStandard(EntryStandardInput request)
    {
        var thresholds = request.Thresholds ?? [];
        var checks = new Checks().Text("name", request.Name, 200, required: true)
            .When(thresholds.Count == 0, "thresholds", "Give at least one threshold.");
        foreach (var duplicate in thresholds.GroupBy(t => t.Indicator).Where(g => g.Count() > 1))
        {
            checks.Add("thresholds", $"'{duplicate.Key}' is given twice.");
        }

        for (var i = 0; i < thresholds.Count; i++)
        {
            var t = thresholds[i];
            checks.Required($"thresholds[{i}].indicator", t.Indicator)
                .Quantity($"thresholds[{i}].min", t.Min, allowZero: true)
                .Quantity($"thresholds[{i}].max", t.Max, allowZero: true);
            if (t.Indicator is not { } indicator)
            {
                continue;
            }

            var direction = indicator.Info().Direction;
            checks.When(direction == Direction.AtLeast && (t.Min is null || t.Max is not null), $"thresholds[{i}]", $"{indicator} is a minimum: give min only.")
                .When(direction == Direction.AtMost && (t.Max is null || t.Min is not null), $"thresholds[{i}]", $"{indicator} is a maximum (lower is better): give max only.")
                .When(direction == Direction.Range && (t.Min is null || t.Max is null || t.Min > t.Max), $"thresholds[{i}]", $"{indicator} is a range: give min and max, min not above max.");
        }

        return checks;
    }

    private static async Task ReplaceThresholdsAsync(DbSession session, long id, IEnumerable<ThresholdInput> thresholds)
    {
        await session.ExecuteAsync("DELETE FROM entry_standard_thresholds WHERE standard_id = @id", new { id });
        await session.ExecuteAsync("""
            INSERT INTO entry_standard_thresholds (standard_id, indicator, min_value, max_value) VALUES (@id, @Indicator, @Min, @Max)
            """, thresholds.Select(t => new { id, Indicator = t.Indicator!.Value.ToCode(), Min = Projects.ProjectStore.Stored(t.Min), Max = Projects.ProjectStore.Stored(t.Max) }));
    }

    private static async Task<IReadOnlyList<EntryStandardDto>> LoadAsync(DbSession session, long? id)
    {
        using var grid = await session.QueryMultipleAsync(_ => """
            SELECT id, industry_code, park_unit_id, name, version FROM entry_standards WHERE @id IS NULL OR id = @id ORDER BY id;
            SELECT standard_id, indicator, min_value, max_value FROM entry_standard_thresholds WHERE @id IS NULL OR standard_id = @id;
            """, new { id });
        var standards = await grid.ReadAsync<(long Id, string? IndustryCode, long? ParkUnitId, string Name, int Version)>();
        var thresholds = (await grid.ReadAsync<(long StandardId, string Indicator, long? Min, long? Max)>()).ToLookup(t => t.StandardId);
        return standards.Select(s => new EntryStandardDto(s.Id, s.IndustryCode, s.ParkUnitId, s.Name,
            thresholds[s.Id]
                .Select(t => (Info: Enum.Parse<Indicator>(t.Indicator, ignoreCase: true).Info(), t.Min, t.Max))
                .OrderBy(t => t.Info.Indicator)
                .Select(t => new ThresholdDto(t.Info.Indicator, t.Info.Name, t.Info.Unit, t.Info.Direction, Quantities.FromStored(t.Min), Quantities.FromStored(t.Max)))
                .ToList(),
            s.Version)).ToList();
    }

    private static async Task<RubricDto?> LoadRubricAsync(DbSession session)
    {
        var id = await ReviewStore.CurrentRubricIdAsync(session);
        var criteria = await ReviewStore.RubricAsync(session, id);
        return new RubricDto(id, criteria.Select(c => new CriterionDto(c.Code, c.Name, c.Weight, c.Indicator, c.PointsPerStep, c.Step)).ToList());
    }
}
