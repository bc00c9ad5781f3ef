using Pipeline.Api.Features.Reviews;
using static Pipeline.Api.Features.Imports.LedgerImport;

namespace Pipeline.Api.Features.Imports;

/// <summary>
/// The ledger imports (台账导入) of projects, leads, companies, monthly investment and yearly performance: a template each
/// to start from, a dry run that lists every problem, and the import itself, each through its feature's own store.
/// </summary>
public static class ImportEndpoints
{
    public static void MapImports(this RouteGroupBuilder api)
    {
        var imports = api.MapGroup("/imports").WithTags("Imports");
        foreach (var kind in Ledgers.All)
        {
            imports.MapGet($"/{kind.Route}/template", (BusinessClock clock, CancellationToken ct) => Template(kind, clock, ct))
                .WithSummary($"下载{kind.SheetName}导入模板");
        }

        var writers = imports.MapGroup("").RequireAuthorization(Policies.UnitWork).DisableAntiforgery();
        writers.MapPost("/projects", Projects).WithSummary("导入项目台账（可试导入；管理员可迁移导入）");
        writers.MapPost("/leads", (HttpRequest request, bool? dryRun, [AsParameters] ApiContext ctx) =>
            RunAsync(Ledgers.Leads, request, dryRun ?? false, ctx, async session => await LeadLedger.CreateAsync(session, ctx)))
            .WithSummary("导入线索台账（可试导入）");
        writers.MapPost("/companies", (HttpRequest request, bool? dryRun, [AsParameters] ApiContext ctx) =>
            RunAsync(Ledgers.Companies, request, dryRun ?? false, ctx, async session => await CompanyLedger.CreateAsync(session, ctx)))
            .WithSummary("导入客商台账（可试导入）");
        writers.MapPost("/investments", (HttpRequest request, bool? dryRun, [AsParameters] ApiContext ctx) =>
            RunAsync(Ledgers.Investments, request, dryRun ?? false, ctx, async session => await ProgressLedger.CreateAsync(session, ctx, ProgressLedger.Kind.Investment)))
            .WithSummary("导入月度投资台账（可试导入）");
        writers.MapPost("/performance", (HttpRequest request, bool? dryRun, [AsParameters] ApiContext ctx) =>
            RunAsync(Ledgers.Performance, request, dryRun ?? false, ctx, async session => await ProgressLedger.CreateAsync(session, ctx, ProgressLedger.Kind.Performance)))
            .WithSummary("导入年度效益台账（可试导入）");
    }

    /// <summary>
    /// The ledger's sheet with its example row (marked 示例, never imported) under a title row, as bureaus lay ledgers out,
    /// and the instructions for each column.
    /// </summary>
    private static Task<FileStreamHttpResult> Template(LedgerKind kind, BusinessClock clock, CancellationToken ct)
    {
        var notes = new Columns<LedgerColumn>()
            .Text("列", c => c.Name, 20)
            .YesNo("必填", c => c.Required)
            .Text("说明", c => c.Description, 70);
        return Excel.FileAsync($"{kind.SheetName}导入模板.xlsx", ct,
            new Sheet<IReadOnlyDictionary<string, object?>>(kind.SheetName, $"{kind.SheetName}（导入模板：第 2 行为表头，标“{ExampleMark}”的行不导入）",
                kind.TemplateColumns(), [kind.Example(clock.Today)], Label: _ => ExampleMark),
            new Sheet<LedgerColumn>("填写说明", $"{kind.SheetName}填写说明", notes, kind.Columns));
    }

    /// <summary>The project ledger: under the review gate, or with <c>?migration=true</c> an admin's migration of a ledger kept before Pipeline.</summary>
    private static Task<Results<Ok<ImportReport>, ProblemHttpResult>> Projects(
        HttpRequest request, bool? dryRun, bool? migration, [AsParameters] ApiContext ctx, IOptions<ReviewOptions> reviews)
    {
        if (migration == true && !ctx.Caller.IsAdmin)
        {
            return Task.FromResult<Results<Ok<ImportReport>, ProblemHttpResult>>(Problems.Forbidden(Messages.ImportMigrationAdminOnly));
        }

        var mode = new ImportMode(migration == true, reviews.Value.RequiredForSigning);
        return RunAsync(Ledgers.Projects, request, dryRun ?? false, ctx,
            async session => await LedgerImporter.CreateAsync(session, ctx.Caller, ctx.Clock, ctx.Audit, mode), mode.Migration ? "migrate" : "import");
    }
}
