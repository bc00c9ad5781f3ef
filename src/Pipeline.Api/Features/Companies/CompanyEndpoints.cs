using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Industries;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Companies;

namespace Pipeline.Api.Features.Companies;

public static class CompanyEndpoints
{
    public static void MapCompanies(this IEndpointRouteBuilder app)
    {
        var companies = app.MapGroup("/api/companies").WithTags("Companies");
        companies.MapGet("", List);
        companies.MapGet("/{id:long}", Get).WithName("GetCompany");
        companies.MapPost("", Create).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Staff, Roles.Leader));
        companies.MapPatch("/{id:long}", Update).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Staff, Roles.Leader));
    }

    private static Task<Results<Ok<Paged<CompanySummary>>, ProblemHttpResult>> List([AsParameters] CompanyQuery query, Db db, CancellationToken ct) =>
        Responses.PageAsync(db, query.Page, query.PageSize, (session, page) => CompanyStore.ListAsync(session, query, page.Skip, page.Take), ct);

    private static async Task<Results<Ok<CompanyDto>, ProblemHttpResult>> Get(long id, Db db, HttpResponse response, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        return Responses.Found(await CompanyStore.FindAsync(session, id), response, $"There is no company {id}.");
    }

    private static async Task<Results<CreatedAtRoute<CompanyDto>, ProblemHttpResult>> Create(
        CreateCompany request, Caller caller, Db db, AuditLog audit, BusinessClock clock, HttpResponse response, CancellationToken ct)
    {
        var creditCode = NormalizeCreditCode(request.CreditCode);
        var checks = Check(new Checks(), request.Name, creditCode, request.Region, request.Contacts);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        await using var session = await db.BeginAsync(ct);
        if (await CheckReferencesAsync(session, request.IndustryCode, creditCode, exceptId: null) is { } problem)
        {
            return problem;
        }

        var id = await CompanyStore.InsertAsync(session, request.Name!.Trim(), creditCode, request.Region, request.IndustryCode, caller.Id, clock.UtcNow);
        await CompanyStore.ReplaceContactsAsync(session, id, request.Contacts ?? []);
        await audit.WriteAsync(session, "create", "company", id, request.Name);
        var company = (await CompanyStore.FindAsync(session, id))!;
        await session.CommitAsync();
        ETags.Set(response, company.Version);
        return TypedResults.CreatedAtRoute(company, "GetCompany", new { id });
    }

    private static async Task<Results<Ok<CompanyDto>, ProblemHttpResult>> Update(
        long id, JsonObject body, Db db, AuditLog audit, BusinessClock clock, IOptions<JsonOptions> json,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (expected, etagProblem) = ETags.Expected(request);
        if (etagProblem is not null)
        {
            return etagProblem;
        }

        await using var session = await db.BeginAsync(ct);
        var current = await CompanyStore.FindAsync(session, id);
        if (current is null)
        {
            return Problems.NotFound($"There is no company {id}.");
        }

        var patch = new Patch(body, json.Value.SerializerOptions, new Checks()).Allow("name", "creditCode", "region", "industryCode", "contacts");
        var name = patch.Or("name", current.Name, clearable: false);
        var creditCode = NormalizeCreditCode(patch.Or("creditCode", current.CreditCode));
        var region = patch.Or("region", current.Region);
        var industryCode = patch.Or("industryCode", current.IndustryCode);
        var contacts = patch.Or("contacts", current.Contacts) ?? [];
        var checks = Check(patch.Checks, name, creditCode, region, contacts);
        if (!checks.Ok)
        {
            return checks.Problem();
        }

        if (current.Version != expected)
        {
            return Problems.PreconditionFailed(current.Version);
        }

        if (await CheckReferencesAsync(session, industryCode == current.IndustryCode ? null : industryCode, creditCode, exceptId: id) is { } problem)
        {
            return problem;
        }

        var updated = await session.ExecuteAsync("""
            UPDATE companies SET name = @Name, name_key = @NameKey, credit_code = @creditCode, region = @region, industry_code = @industryCode,
                version = version + 1, updated_at = @Now
            WHERE id = @id AND version = @expected
            """, new { id, expected, Name = name!.Trim(), NameKey = CompanyName.Key(name), creditCode, region, industryCode, Now = clock.UtcNow });
        if (updated == 0)
        {
            return Problems.PreconditionFailed(current.Version + 1);
        }

        if (patch.Has("contacts"))
        {
            await CompanyStore.ReplaceContactsAsync(session, id, contacts);
        }

        await audit.WriteAsync(session, "update", "company", id, $"changed {string.Join(", ", body.Select(p => p.Key))}");
        var company = (await CompanyStore.FindAsync(session, id))!;
        await session.CommitAsync();
        ETags.Set(response, company.Version);
        return TypedResults.Ok(company);
    }

    private static string? NormalizeCreditCode(string? code) => string.IsNullOrWhiteSpace(code) ? null : CreditCode.Normalize(code);

    private static Checks Check(Checks checks, string? name, string? creditCode, string? region, IReadOnlyList<ContactDto>? contacts)
    {
        checks.Text("name", name, 200, required: true).Text("region", region, 100);
        if (creditCode is not null && CreditCode.Problem(creditCode) is { } problem)
        {
            checks.Add("creditCode", problem);
        }

        for (var i = 0; i < (contacts?.Count ?? 0); i++)
        {
            var contact = contacts![i];
            checks.Text($"contacts[{i}].name", contact.Name, 100, required: true)
                .Text($"contacts[{i}].title", contact.Title, 100)
                .Text($"contacts[{i}].phone", contact.Phone, 40)
                .Text($"contacts[{i}].email", contact.Email, 200);
        }

        return checks;
    }

    private static async Task<ProblemHttpResult?> CheckReferencesAsync(DbSession session, string? industryCode, string? creditCode, long? exceptId)
    {
        if (industryCode is not null && await IndustryEndpoints.FindAsync(session, industryCode) is null)
        {
            return Problems.Invalid("industryCode", $"There is no industry with code '{industryCode}'.");
        }

        if (creditCode is not null && await CompanyStore.FindIdByCreditCodeAsync(session, creditCode) is { } existing && existing != exceptId)
        {
            return Problems.Conflict("company.duplicateCreditCode",
                $"Company {existing} already has the credit code {creditCode}.", new Dictionary<string, object?> { ["existingId"] = existing });
        }

        return null;
    }
}
