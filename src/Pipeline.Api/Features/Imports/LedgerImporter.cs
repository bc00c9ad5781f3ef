using Pipeline.Api.Features.Companies;
using Pipeline.Api.Features.Projects;
using Pipeline.Domain.Companies;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Imports;

/// <summary>How rows come in: under the review gate of <c>Pipeline:Review:RequiredForSigning</c>, or as an admin's migration that may bring signed projects without a review.</summary>
public sealed record ImportMode(bool Migration, ReviewRequirement ReviewGate);

/// <summary>A ledger row that passed every check, ready to become a project with its history.</summary>
public sealed record LedgerEntry(
    string Name, string? CompanyName, string? CreditCode, string IndustryCode, decimal TotalInvestment, decimal? FixedAssetInvestment,
    decimal? LandAreaMu, LandMode LandMode, long UnitId, long? PersonId, long? LeaderId, Stage Stage, DateOnly TalksOn, DateOnly? PreReviewOn,
    DateOnly? ReviewPassedOn, DateOnly? SignedOn, decimal ContractAmount, DateOnly? PlannedGroundbreakingOn, DateOnly? PlannedProductionOn,
    DateOnly? LandSuppliedOn, decimal? LandSuppliedMu, DateOnly? GroundbreakingOn, DateOnly? ProductionOn);

/// <summary>
/// The project ledger's rows, checked against the reference data (loaded once: units, users, industries) and written as
/// projects with their history in the import's transaction, through Projects' prepared statements.
/// </summary>
public sealed class LedgerImporter : ILedgerImporter
{
    private readonly Caller _caller;
    private readonly BusinessClock _clock;
    private readonly LedgerReferences _references;
    private readonly Dictionary<string, long> _logins;
    private readonly ILookup<string, long> _names;
    private readonly HashSet<long> _leaders;
    private readonly long _lastIdBefore;
    private readonly Statements _statements;
    private readonly ImportMode _mode;

    private LedgerImporter(DbSession session, Caller caller, BusinessClock clock, AuditLog audit, LedgerReferences references, IReadOnlyList<UserRef> users,
        long lastProjectId, ImportMode mode)
    {
        _mode = mode;
        _lastIdBefore = lastProjectId;
        _caller = caller;
        _clock = clock;
        _references = references;
        _statements = new Statements(session, audit);
        _logins = users.ToDictionary(u => u.UserName.ToLowerInvariant(), u => u.Id);
        _names = users.ToLookup(u => u.DisplayName, u => u.Id);
        _leaders = users.Where(u => u.IsLeader).Select(u => u.Id).ToHashSet();
    }

    public static async Task<LedgerImporter> CreateAsync(DbSession session, Caller caller, BusinessClock clock, AuditLog audit, ImportMode mode)
    {
        var references = await LedgerReferences.LoadAsync(session, caller);
        using var grid = await session.QueryMultipleAsync(d => $"""
            SELECT u.id, u.user_name, u.display_name,
                   CASE WHEN EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'leader') THEN 1 ELSE 0 END AS IsLeader
            FROM users u WHERE u.is_active = {d.True};
            SELECT COALESCE(MAX(id), 0) FROM projects;
            """);
        var users = (await grid.ReadAsync<UserRef>()).AsList();
        return new LedgerImporter(session, caller, clock, audit, references, users, await grid.ReadSingleAsync<long>(), mode);
    }

    /// <summary>
    /// A project new to Pipeline is created; one that exists (same name in the same unit) is left as it is; one written
    /// earlier in this import (newer than its start) is a repeat within the file.
    /// </summary>
    public async Task<RowOutcome> ImportAsync(LedgerCells cells)
    {
        if (Parse(cells) is not { } entry)
        {
            return RowOutcome.Refused;
        }

        var existing = await _statements.Projects.NewestAsync(entry.UnitId, entry.Name);
        if (existing > _lastIdBefore)
        {
            cells.Problem(LedgerRow.Name, Messages.ImportProjectRepeated);
            return RowOutcome.Refused;
        }

        if (existing is not null)
        {
            return RowOutcome.Unchanged;
        }

        // A past decision of the committee comes in only with an admin's migration; the committee decides new ones in Pipeline.
        if (entry.ReviewPassedOn is not null && !_mode.Migration)
        {
            cells.Problem(LedgerRow.ReviewPassedOn, Messages.ImportReviewPassedMigrationOnly);
            return RowOutcome.Refused;
        }

        await CreateAsync(entry);
        return RowOutcome.Created;
    }

    private LedgerEntry? Parse(LedgerCells cells)
    {
        var before = cells.ProblemCount;
        var today = _clock.Today;
        var name = cells.Text(LedgerRow.Name, required: true, maxLength: 200);
        var companyName = cells.Text(LedgerRow.Company, maxLength: 200);
        var creditCode = cells.Text(LedgerRow.CreditCode) is { } code ? CreditCode.Normalize(code) : null;
        if (creditCode is not null && CreditCode.Problem(creditCode) is { } bad)
        {
            cells.Problem(LedgerRow.CreditCode, bad);
        }
        else if (creditCode is not null && companyName is null)
        {
            cells.Problem(LedgerRow.Company, Messages.ImportCreditCodeNeedsName);
        }

        var industry = _references.Industry(cells, LedgerRow.Industry, required: true);
        var total = cells.Quantity(LedgerRow.TotalInvestment, required: true);
        var fixedAssets = cells.Quantity(LedgerRow.FixedAssetInvestment, allowZero: true);
        var area = cells.Quantity(LedgerRow.LandArea);
        var landMode = LandMode.NewLand;
        if (cells.Text(LedgerRow.LandMode) is { } modeText)
        {
            landMode = StageNames.ParseLandMode(modeText) ?? LandMode.NewLand;
            cells.When(StageNames.ParseLandMode(modeText) is null, LedgerRow.LandMode, Words.Format(Messages.ImportLandModeUnknown, modeText));
        }

        var unitId = _references.WritableUnit(cells, LedgerRow.Unit);
        var person = User(cells, LedgerRow.Person);
        var leader = User(cells, LedgerRow.Leader);
        cells.When(leader is { } l && !_leaders.Contains(l), LedgerRow.Leader, Messages.ImportNotALeader);

        var preReviewOn = cells.Date(LedgerRow.PreReviewOn);
        var passedOn = cells.Date(LedgerRow.ReviewPassedOn);
        var signedOn = cells.Date(LedgerRow.SignedOn);
        var landOn = cells.Date(LedgerRow.LandSuppliedOn);
        var startedOn = cells.Date(LedgerRow.GroundbreakingOn);
        var producingOn = cells.Date(LedgerRow.ProductionOn);
        var plannedStart = cells.Date(LedgerRow.PlannedGroundbreakingOn);
        var plannedProduction = cells.Date(LedgerRow.PlannedProductionOn);
        var dates = new[] { preReviewOn, passedOn, signedOn, landOn, startedOn, producingOn };
        var talksOn = cells.Date(LedgerRow.TalksOn) ?? dates.Where(d => d is not null).Min() ?? today;
        var reached = producingOn is not null ? Stage.Production : startedOn is not null ? Stage.Groundbreaking
            : landOn is not null ? Stage.LandSupply : signedOn is not null ? Stage.Signed : preReviewOn is not null ? Stage.PreReview : Stage.Talks;
        var stage = reached;
        if (cells.Text(LedgerRow.Stage) is { } stageText)
        {
            stage = StageNames.Parse(stageText) ?? reached;
            cells.When(StageNames.Parse(stageText) is null, LedgerRow.Stage, Words.Format(Messages.ImportStageUnknown, stageText));
        }

        var path = stage == Stage.Dropped ? reached : stage;
        string Beyond(string column, Stage from) => Words.Format(Messages.ImportDateBeyondStage, path.Chinese(), column, from.Chinese());
        cells.When(passedOn is not null && preReviewOn is null && path != Stage.PreReview, LedgerRow.PreReviewOn, Messages.ImportPreReviewForPassed)
            .When(path >= Stage.Signed && signedOn is null, LedgerRow.SignedOn, Messages.ImportSignedOnRequired)
            .When(path >= Stage.Signed && person is null, LedgerRow.Person, Messages.ImportPersonRequired)
            .When(path >= Stage.LandSupply && path != Stage.Dropped && landMode == LandMode.NewLand && landOn is null, LedgerRow.LandSuppliedOn, Messages.ImportLandOnRequired)
            .When(path == Stage.LandSupply && landMode == LandMode.ExistingBuilding, LedgerRow.Stage, Messages.ImportNoLandStage)
            .When(landMode == LandMode.ExistingBuilding && landOn is not null, LedgerRow.LandSuppliedOn, Messages.ImportNoLandSupply)
            .When(path >= Stage.Groundbreaking && startedOn is null, LedgerRow.GroundbreakingOn, Messages.ImportGroundbreakingOnRequired)
            .When(path >= Stage.Production && producingOn is null, LedgerRow.ProductionOn, Messages.ImportProductionOnRequired)
            .When(path < Stage.Production && producingOn is not null, LedgerRow.ProductionOn, Beyond(LedgerRow.ProductionOn, Stage.Production))
            .When(path < Stage.Groundbreaking && startedOn is not null, LedgerRow.GroundbreakingOn, Beyond(LedgerRow.GroundbreakingOn, Stage.Groundbreaking))
            .When(path < Stage.LandSupply && landOn is not null, LedgerRow.LandSuppliedOn, Beyond(LedgerRow.LandSuppliedOn, Stage.LandSupply))
            .When(path < Stage.PreReview && preReviewOn is not null, LedgerRow.PreReviewOn, Beyond(LedgerRow.PreReviewOn, Stage.PreReview))
            .When(path < Stage.PreReview && passedOn is not null, LedgerRow.ReviewPassedOn, Beyond(LedgerRow.ReviewPassedOn, Stage.PreReview));
        var order = new[]
            {
                (LedgerRow.TalksOn, (DateOnly?)talksOn), (LedgerRow.PreReviewOn, preReviewOn), (LedgerRow.ReviewPassedOn, passedOn), (LedgerRow.SignedOn, signedOn),
                (LedgerRow.LandSuppliedOn, landOn), (LedgerRow.GroundbreakingOn, startedOn), (LedgerRow.ProductionOn, producingOn),
            }
            .Where(d => d.Item2 is not null).ToList();
        for (var i = 1; i < order.Count; i++)
        {
            cells.When(order[i].Item2 < order[i - 1].Item2, order[i].Item1, Words.Format(Messages.ImportNotBefore, order[i - 1].Item1));
        }

        foreach (var (column, date) in order)
        {
            cells.When(date > today, column, Words.Format(Messages.NotAfterToday, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        // The review gate holds on every path: a signed or later project without a passed pre-review comes in only as an
        // admin's migration of an existing ledger, marked as such.
        cells.When(!_mode.Migration && path >= Stage.Signed && path != Stage.Dropped && Lifecycle.NeedsReview(landMode, _mode.ReviewGate), LedgerRow.Stage,
            Words.Format(Messages.ImportReviewGate, path.Chinese()));
        var contract = cells.Quantity(LedgerRow.ContractAmount) ?? total;
        var suppliedMu = cells.Quantity(LedgerRow.LandSuppliedMu) ?? area;
        cells.When(landOn is not null && suppliedMu is null, LedgerRow.LandSuppliedMu, Messages.ImportSuppliedAreaRequired);
        if (cells.ProblemCount > before)
        {
            return null;
        }

        return new LedgerEntry(name!, companyName, creditCode, industry!, total!.Value, fixedAssets, area, landMode, unitId!.Value, person, leader, stage,
            talksOn, preReviewOn, passedOn, signedOn, contract!.Value, plannedStart, plannedProduction, landOn, suppliedMu, startedOn, producingOn);
    }

    /// <summary>A user by login name, by Chinese name when only one person has it, or written as 姓名(登录名).</summary>
    private long? User(LedgerCells cells, string column)
    {
        if (cells.Text(column) is not { } text)
        {
            return null;
        }

        var login = text.Contains('(', StringComparison.Ordinal) ? text[(text.IndexOf('(', StringComparison.Ordinal) + 1)..].TrimEnd(')').Trim() : text;
        if (_logins.TryGetValue(login.ToLowerInvariant(), out var id))
        {
            return id;
        }

        var named = _names[text].ToList();
        cells.When(named.Count == 0, column, Words.Format(Messages.ImportUserUnknown, text))
            .When(named.Count > 1, column, Words.Format(Messages.ImportUserAmbiguous, text));
        return named.Count == 1 ? named[0] : null;
    }

    /// <summary>
    /// Writes the project in its final state with its history (registration, each stage on its ledger date, the end when
    /// dropped), the formal agreement when signed, and the audit entry — with statements prepared once per import.
    /// </summary>
    private async Task CreateAsync(LedgerEntry entry)
    {
        var now = _clock.UtcNow;
        var companyId = entry.CompanyName is null ? (long?)null : await CompanyAsync(entry.CompanyName, entry.CreditCode, entry.IndustryCode, now);
        var target = entry.Stage == Stage.Dropped ? Reached(entry) : entry.Stage;
        var steps = Path(entry, target).ToList();
        DateOnly? On(Stage stage) => steps.Where(s => s.To == stage).Select(s => (DateOnly?)s.On).FirstOrDefault();
        var signed = On(Stage.Signed);
        var droppedOn = entry.Stage == Stage.Dropped
            ? new[] { entry.TalksOn, entry.PreReviewOn, entry.ReviewPassedOn, entry.SignedOn, entry.LandSuppliedOn, entry.GroundbreakingOn, entry.ProductionOn }.Max() ?? entry.TalksOn
            : (DateOnly?)null;
        var enteredOn = droppedOn ?? (steps.Count > 0 ? steps[^1].On : entry.TalksOn);

        var id = await _statements.Projects.InsertAsync(new NewProjectRow(
            entry.Name, companyId, entry.IndustryCode, Quantities.ToStored(entry.TotalInvestment), Quantities.ToStored(entry.FixedAssetInvestment),
            entry.LandMode.Code(), Quantities.ToStored(entry.LandAreaMu), null, null, entry.UnitId, entry.PersonId, entry.LeaderId, false,
            entry.Stage.Code(), enteredOn, entry.TalksOn, now, _caller.Id)
        {
            DroppedFrom = droppedOn is null ? null : target.Code(),
            PreReviewOn = On(Stage.PreReview),
            ReviewPassedOn = entry.ReviewPassedOn,
            SignedOn = signed,
            ContractAmount = signed is null ? null : Quantities.ToStored(entry.ContractAmount),
            PlannedGroundbreakingOn = signed is null ? null : entry.PlannedGroundbreakingOn,
            PlannedProductionOn = signed is null ? null : entry.PlannedProductionOn,
            LandSuppliedOn = On(Stage.LandSupply),
            LandSuppliedMu = On(Stage.LandSupply) is null ? null : Quantities.ToStored(entry.LandSuppliedMu),
            GroundbreakingOn = On(Stage.Groundbreaking),
            ProductionOn = On(Stage.Production),
            Origin = (_mode.Migration ? ProjectOrigin.LedgerMigration : ProjectOrigin.LedgerImport).ToCode(),
            SignedAmount = signed is null ? null : Quantities.ToStored(entry.ContractAmount),
            ContractAreaMu = signed is null ? null : Quantities.ToStored(entry.LandSuppliedMu ?? entry.LandAreaMu),
        });

        await _statements.Projects.AddHistoryAsync(new HistoryRecord(id, null, Stage.Talks, entry.TalksOn, _caller.Id, "Project registered (在谈)"), now);
        var stage = Stage.Talks;
        foreach (var (to, on) in steps)
        {
            await _statements.Projects.AddHistoryAsync(new HistoryRecord(id, stage, to, on, _caller.Id, "台账导入",
                to == Stage.Signed ? entry.ContractAmount : null, to == Stage.LandSupply ? entry.LandSuppliedMu : null), now);
            if (to == Stage.Signed)
            {
                await _statements.Projects.AddAgreementAsync(new NewAgreement(id, AgreementType.Formal, on, entry.ContractAmount, "正式合同（台账导入）", _caller.Id, now));
            }

            stage = to;
        }

        if (droppedOn is { } dropped)
        {
            await _statements.Projects.AddHistoryAsync(new HistoryRecord(id, stage, Stage.Dropped, dropped, _caller.Id, "台账导入：已终止", ReasonCode: "other"), now);
        }

        await _statements.Audit.WriteAsync("import", "project", id, entry.Name);
    }

    private static Stage Reached(LedgerEntry e) => e.ProductionOn is not null ? Stage.Production : e.GroundbreakingOn is not null ? Stage.Groundbreaking
        : e.LandSuppliedOn is not null ? Stage.LandSupply : e.SignedOn is not null ? Stage.Signed : e.PreReviewOn is not null ? Stage.PreReview : Stage.Talks;

    /// <summary>
    /// The stages from talks to <paramref name="target"/>, each on its ledger date. Pre-review is a step when the ledger gives
    /// its 预审日期, or for a project the ledger has in 预审, which entered it on its talks date when the date is missing; one
    /// that went on to sign without a 预审日期 has no pre-review step — never one invented on its signing day, which would
    /// count it as applying for review the day it signed.
    /// </summary>
    private static IEnumerable<(Stage To, DateOnly On)> Path(LedgerEntry e, Stage target)
    {
        var steps = new List<(Stage, DateOnly?)>
        {
            (Stage.PreReview, e.PreReviewOn ?? (target == Stage.PreReview ? e.TalksOn : null)), (Stage.Signed, e.SignedOn), (Stage.LandSupply, e.LandSuppliedOn),
            (Stage.Groundbreaking, e.GroundbreakingOn), (Stage.Production, e.ProductionOn),
        };
        return steps.Where(s => s.Item2 is not null && s.Item1 <= target && !(s.Item1 == Stage.LandSupply && e.LandMode == LandMode.ExistingBuilding))
            .Select(s => (s.Item1, s.Item2!.Value));
    }

    private Task<long> CompanyAsync(string name, string? creditCode, string industryCode, DateTime now) =>
        _statements.Companies.FindOrAddAsync(name, creditCode, industryCode, _caller.Id, now);

    /// <summary>The statements an import runs for every row, compiled once: Projects' and Companies' own.</summary>
    private sealed class Statements(DbSession session, AuditLog audit)
    {
        public ProjectBulkWriter Projects { get; } = ProjectBulkWriter.Prepare(session);

        public CompanyStore.Lookups Companies { get; } = CompanyStore.Prepare(session);

        public PreparedAudit Audit { get; } = audit.Prepare(session);
    }

    private sealed class UserRef
    {
        public long Id { get; init; }

        public string UserName { get; init; } = "";

        public string DisplayName { get; init; } = "";

        public bool IsLeader { get; init; }
    }
}
