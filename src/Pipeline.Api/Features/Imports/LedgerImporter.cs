using System.Globalization;
using Dapper;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Audit;
using Pipeline.Api.Features.Companies;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Hosting;
using Pipeline.Domain;
using Pipeline.Domain.Companies;
using Pipeline.Domain.Projects;
using static Pipeline.Api.Features.Imports.LedgerImport;

namespace Pipeline.Api.Features.Imports;

/// <summary>How rows come in: under the review gate of <c>Pipeline:Review:RequiredForSigning</c>, or as an admin's migration that may bring signed projects without a review.</summary>
public sealed record ImportMode(bool Migration, ReviewRequirement ReviewGate);

/// <summary>A ledger row that passed every check, ready to become a project with its history.</summary>
public sealed record LedgerEntry(
    string Name, string? CompanyName, string? CreditCode, string IndustryCode, decimal TotalInvestment, decimal? FixedAssetInvestment,
    decimal? LandAreaMu, LandMode LandMode, long UnitId, long? PersonId, long? LeaderId, Stage Stage, DateOnly TalksOn, DateOnly? SignedOn,
    decimal ContractAmount, DateOnly? PlannedGroundbreakingOn, DateOnly? PlannedProductionOn, DateOnly? LandSuppliedOn, decimal? LandSuppliedMu,
    DateOnly? GroundbreakingOn, DateOnly? ProductionOn);

/// <summary>
/// Reads ledger rows one at a time against the reference data (loaded once: units, users, industries), collecting every
/// problem by row and column, and creates the projects of a real import in the caller's transaction.
/// </summary>
public sealed class LedgerImporter
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy.M.d", "yyyy-M-d", "yyyyMMdd", "yyyy年M月d日"];

    private readonly Caller _caller;
    private readonly BusinessClock _clock;
    private readonly Dictionary<string, long> _units;
    private readonly HashSet<long> _writableUnits;
    private readonly Dictionary<string, long> _logins;
    private readonly ILookup<string, long> _names;
    private readonly HashSet<long> _leaders;
    private readonly Dictionary<string, string> _industries;
    private readonly long _lastIdBefore;
    private readonly Statements _statements;
    private readonly ImportMode _mode;

    private LedgerImporter(DbSession session, Caller caller, BusinessClock clock, AuditLog audit, Reference reference, ImportMode mode)
    {
        _mode = mode;
        _lastIdBefore = reference.LastProjectId;
        _caller = caller;
        _clock = clock;
        _statements = new Statements(session, audit);
        _units = reference.Units.ToDictionary(u => u.Name, u => u.Id);
        _writableUnits = reference.WritableUnits.ToHashSet();
        _logins = reference.Users.ToDictionary(u => u.UserName.ToLowerInvariant(), u => u.Id);
        _names = reference.Users.ToLookup(u => u.DisplayName, u => u.Id);
        _leaders = reference.Users.Where(u => u.IsLeader).Select(u => u.Id).ToHashSet();
        _industries = reference.Industries.SelectMany(i => new[] { (Key: i.Code.ToUpperInvariant(), i.Code), (Key: i.Name, i.Code) })
            .DistinctBy(i => i.Key).ToDictionary(i => i.Key, i => i.Code);
    }

    public static async Task<LedgerImporter> CreateAsync(DbSession session, Caller caller, BusinessClock clock, AuditLog audit, ImportMode mode)
    {
        // One import at a time: two imports of one ledger would each find its projects and companies missing and both create them.
        await session.LockAsync("ledger-import");
        using var grid = await session.QueryMultipleAsync(d => $"""
            SELECT id, name FROM units;
            SELECT u.id, u.user_name, u.display_name,
                   CASE WHEN EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'leader') THEN 1 ELSE 0 END AS IsLeader
            FROM users u WHERE u.is_active = {d.True};
            SELECT code, name FROM industries;
            SELECT u.id FROM units u WHERE @All = {d.True} OR u.id IN (SELECT t.descendant_id FROM unit_tree t WHERE t.ancestor_id = @Unit);
            SELECT COALESCE(MAX(id), 0) FROM projects;
            """, new { Unit = caller.UnitId ?? -1, All = caller.IsAdmin });
        var reference = new Reference(
            (await grid.ReadAsync<UnitRef>()).AsList(), (await grid.ReadAsync<UserRef>()).AsList(), (await grid.ReadAsync<IndustryRef>()).AsList(),
            (await grid.ReadAsync<long>()).AsList(), await grid.ReadSingleAsync<long>());
        return new LedgerImporter(session, caller, clock, audit, reference, mode);
    }

    /// <summary>
    /// Checks and writes every row, in the caller's transaction, which commits only a real import without problems: a
    /// dry run or a ledger with problems is rolled back. Writing every good row either way is how a later row of the same
    /// file is recognised as a repeat (a project newer than the import's start), without holding every row in memory.
    /// </summary>
    public async Task<ImportReport> RunAsync(IEnumerable<IDictionary<string, object?>> rows, bool dryRun)
    {
        var problems = new List<RowProblem>();
        var (count, created, skipped, rowNumber) = (0, 0, 0, 1);
        foreach (var row in rows)
        {
            rowNumber++;
            if (row.Values.All(v => v is null || (v is string s && string.IsNullOrWhiteSpace(s))))
            {
                continue;
            }

            count++;
            var entry = Parse(new Cells(row, rowNumber, problems));
            if (entry is null)
            {
                continue;
            }

            var existing = await _statements.Projects.NewestAsync(entry.UnitId, entry.Name);
            if (existing > _lastIdBefore)
            {
                problems.Add(new RowProblem(rowNumber, LedgerRow.Name, Messages.ImportDuplicateRow));
                continue;
            }

            if (existing is not null)
            {
                skipped++;
                continue;
            }

            await CreateAsync(entry);
            created++;
        }

        return new ImportReport(dryRun, count, created, skipped, problems);
    }

    private LedgerEntry? Parse(Cells cells)
    {
        var before = cells.Problems.Count;
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
            cells.Problem(LedgerRow.Company, Messages.ImportCompanyNameNeeded);
        }

        var industry = cells.Text(LedgerRow.Industry, required: true) is { } industryText
            ? _industries.GetValueOrDefault(industryText.ToUpperInvariant()) ?? _industries.GetValueOrDefault(industryText)
            : null;
        if (industry is null && cells.Text(LedgerRow.Industry) is { } unknownIndustry)
        {
            cells.Problem(LedgerRow.Industry, Words.Format(Messages.ImportUnknownIndustry, unknownIndustry));
        }

        var total = cells.Quantity(LedgerRow.TotalInvestment, required: true);
        var fixedAssets = cells.Quantity(LedgerRow.FixedAssetInvestment, allowZero: true);
        var area = cells.Quantity(LedgerRow.LandArea);
        var landMode = LandMode.NewLand;
        if (cells.Text(LedgerRow.LandMode) is { } modeText)
        {
            landMode = StageNames.ParseLandMode(modeText) ?? LandMode.NewLand;
            cells.When(StageNames.ParseLandMode(modeText) is null, LedgerRow.LandMode, Words.Format(Messages.ImportUnknownLandMode, modeText));
        }

        long? unitId = null;
        if (cells.Text(LedgerRow.Unit, required: true) is { } unitName)
        {
            unitId = _units.TryGetValue(unitName, out var id) ? id : null;
            cells.When(unitId is null, LedgerRow.Unit, Words.Format(Messages.ImportUnknownUnit, unitName))
                .When(unitId is { } u && !_writableUnits.Contains(u), LedgerRow.Unit, Words.Format(Messages.ImportNotYourUnit, unitName));
        }

        var person = User(cells, LedgerRow.Person);
        var leader = User(cells, LedgerRow.Leader);
        cells.When(leader is { } l && !_leaders.Contains(l), LedgerRow.Leader, Messages.ImportNotLeader);

        var signedOn = cells.Date(LedgerRow.SignedOn);
        var landOn = cells.Date(LedgerRow.LandSuppliedOn);
        var startedOn = cells.Date(LedgerRow.GroundbreakingOn);
        var producingOn = cells.Date(LedgerRow.ProductionOn);
        var plannedStart = cells.Date(LedgerRow.PlannedGroundbreakingOn);
        var plannedProduction = cells.Date(LedgerRow.PlannedProductionOn);
        var dates = new[] { signedOn, landOn, startedOn, producingOn };
        var talksOn = cells.Date(LedgerRow.TalksOn) ?? dates.Where(d => d is not null).Min() ?? today;
        var reached = producingOn is not null ? Stage.Production : startedOn is not null ? Stage.Groundbreaking
            : landOn is not null ? Stage.LandSupply : signedOn is not null ? Stage.Signed : Stage.Talks;
        var stage = reached;
        if (cells.Text(LedgerRow.Stage) is { } stageText)
        {
            stage = StageNames.Parse(stageText) ?? reached;
            cells.When(StageNames.Parse(stageText) is null, LedgerRow.Stage, Words.Format(Messages.ImportUnknownStage, stageText, Words.List(Enum.GetValues<Stage>().Select(s => s.Chinese()))));
        }

        var path = stage == Stage.Dropped ? reached : stage;
        cells.When(path >= Stage.Signed && signedOn is null, LedgerRow.SignedOn, Messages.ImportSignedOnRequired)
            .When(path >= Stage.Signed && person is null, LedgerRow.Person, Messages.ImportPersonRequired)
            .When(path >= Stage.LandSupply && path != Stage.Dropped && landMode == LandMode.NewLand && landOn is null, LedgerRow.LandSuppliedOn, Messages.ImportLandOnRequired)
            .When(path == Stage.LandSupply && landMode == LandMode.ExistingBuilding, LedgerRow.Stage, Messages.ImportExistingBuildingNoLandStage)
            .When(landMode == LandMode.ExistingBuilding && landOn is not null, LedgerRow.LandSuppliedOn, Messages.ImportExistingBuildingNoLand)
            .When(path >= Stage.Groundbreaking && startedOn is null, LedgerRow.GroundbreakingOn, Messages.ImportGroundbreakingOnRequired)
            .When(path >= Stage.Production && producingOn is null, LedgerRow.ProductionOn, Messages.ImportProductionOnRequired)
            .When(path < Stage.Production && producingOn is not null, LedgerRow.ProductionOn, Words.Format(Messages.ImportProductionDateEarly, path.Name()))
            .When(path < Stage.Groundbreaking && startedOn is not null, LedgerRow.GroundbreakingOn, Words.Format(Messages.ImportGroundbreakingDateEarly, path.Name()))
            .When(path < Stage.LandSupply && landOn is not null, LedgerRow.LandSuppliedOn, Words.Format(Messages.ImportLandDateEarly, path.Name()));
        var order = new[] { (LedgerRow.TalksOn, (DateOnly?)talksOn), (LedgerRow.SignedOn, signedOn), (LedgerRow.LandSuppliedOn, landOn), (LedgerRow.GroundbreakingOn, startedOn), (LedgerRow.ProductionOn, producingOn) }
            .Where(d => d.Item2 is not null).ToList();
        for (var i = 1; i < order.Count; i++)
        {
            cells.When(order[i].Item2 < order[i - 1].Item2, order[i].Item1, Words.Format(Messages.NotBefore, order[i - 1].Item1));
        }

        foreach (var (column, date) in order)
        {
            cells.When(date > today, column, Words.Format(Messages.NotAfterToday, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        // The review gate holds on every path: a signed or later project without a passed pre-review comes in only as an
        // admin's migration of an existing ledger, marked as such.
        cells.When(!_mode.Migration && path >= Stage.Signed && path != Stage.Dropped && Lifecycle.NeedsReview(landMode, _mode.ReviewGate), LedgerRow.Stage,
            Words.Format(Messages.ImportReviewRequired, path.Name()));
        var contract = cells.Quantity(LedgerRow.ContractAmount) ?? total;
        var suppliedMu = cells.Quantity(LedgerRow.LandSuppliedMu) ?? area;
        cells.When(landOn is not null && suppliedMu is null, LedgerRow.LandSuppliedMu, Messages.ImportSuppliedAreaRequired);
        if (cells.Problems.Count > before)
        {
            return null;
        }

        return new LedgerEntry(name!, companyName, creditCode, industry!, total!.Value, fixedAssets, area, landMode, unitId!.Value, person, leader, stage,
            talksOn, signedOn, contract!.Value, plannedStart, plannedProduction, landOn, suppliedMu, startedOn, producingOn);
    }

    /// <summary>A user by login name, by Chinese name when only one person has it, or written as 姓名(登录名).</summary>
    private long? User(Cells cells, string column)
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
        cells.When(named.Count == 0, column, Words.Format(Messages.ImportUnknownUser, text))
            .When(named.Count > 1, column, Words.Format(Messages.ImportAmbiguousUser, text));
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
            ? new[] { entry.TalksOn, entry.SignedOn, entry.LandSuppliedOn, entry.GroundbreakingOn, entry.ProductionOn }.Max() ?? entry.TalksOn
            : (DateOnly?)null;
        var enteredOn = droppedOn ?? (steps.Count > 0 ? steps[^1].On : entry.TalksOn);

        var id = await _statements.Projects.InsertAsync(new NewProjectRow(
            entry.Name, companyId, entry.IndustryCode, Quantities.ToStored(entry.TotalInvestment), Quantities.ToStored(entry.FixedAssetInvestment),
            entry.LandMode.Code(), Quantities.ToStored(entry.LandAreaMu), null, null, entry.UnitId, entry.PersonId, entry.LeaderId, false,
            entry.Stage.Code(), enteredOn, entry.TalksOn, now, _caller.Id)
        {
            DroppedFrom = droppedOn is null ? null : target.Code(),
            PreReviewOn = On(Stage.PreReview),
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
        : e.LandSuppliedOn is not null ? Stage.LandSupply : e.SignedOn is not null ? Stage.Signed : Stage.Talks;

    /// <summary>
    /// The stages from talks to <paramref name="target"/>, each on its ledger date. A project the ledger has in 预审 entered it
    /// on its talks date; one that went on to sign has no pre-review step, since the ledger does not say when it applied —
    /// never one invented on its signing day, which would count it as applying for review the day it signed.
    /// </summary>
    private static IEnumerable<(Stage To, DateOnly On)> Path(LedgerEntry e, Stage target)
    {
        var steps = new List<(Stage, DateOnly?)>
        {
            (Stage.PreReview, target == Stage.PreReview ? e.TalksOn : null), (Stage.Signed, e.SignedOn), (Stage.LandSupply, e.LandSuppliedOn),
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

    private sealed record Reference(
        IReadOnlyList<UnitRef> Units, IReadOnlyList<UserRef> Users, IReadOnlyList<IndustryRef> Industries, IReadOnlyList<long> WritableUnits, long LastProjectId);

    private sealed class UnitRef
    {
        public long Id { get; init; }

        public string Name { get; init; } = "";
    }

    private sealed class UserRef
    {
        public long Id { get; init; }

        public string UserName { get; init; } = "";

        public string DisplayName { get; init; } = "";

        public bool IsLeader { get; init; }
    }

    private sealed class IndustryRef
    {
        public string Code { get; init; } = "";

        public string Name { get; init; } = "";
    }

    /// <summary>One row's cells, read leniently (Excel gives numbers, dates or text) and strictly checked.</summary>
    private sealed class Cells(IDictionary<string, object?> row, int number, List<RowProblem> problems)
    {
        public List<RowProblem> Problems => problems;

        public Cells Problem(string column, string message)
        {
            problems.Add(new RowProblem(number, column, message));
            return this;
        }

        public Cells When(bool condition, string column, string message) => condition ? Problem(column, message) : this;

        public string? Text(string column, bool required = false, int maxLength = 200)
        {
            var text = row.TryGetValue(column, out var value) && value is not null
                ? Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim()
                : null;
            if (string.IsNullOrEmpty(text))
            {
                When(required, column, Messages.Required);
                return null;
            }

            When(text.Length > maxLength, column, Words.Format(Messages.AtMostCharacters, maxLength));
            return text;
        }

        public decimal? Quantity(string column, bool required = false, bool allowZero = false)
        {
            if (!row.TryGetValue(column, out var value) || value is null || (value is string blank && string.IsNullOrWhiteSpace(blank)))
            {
                When(required, column, Messages.Required);
                return null;
            }

            decimal? number = value switch
            {
                double d => Convert.ToDecimal(d),
                decimal m => m,
                int or long => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
                string s when decimal.TryParse(s.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            };
            if (number is null)
            {
                Problem(column, Words.Format(Messages.ImportNotANumber, value));
                return null;
            }

            return Quantities.Problem(number.Value, allowZero) is { } problem ? Problem(column, problem).Nothing() : number;
        }

        public DateOnly? Date(string column)
        {
            if (!row.TryGetValue(column, out var value) || value is null || (value is string blank && string.IsNullOrWhiteSpace(blank)))
            {
                return null;
            }

            DateOnly? date = value switch
            {
                DateTime dateTime => DateOnly.FromDateTime(dateTime),
                double serial => DateOnly.FromDateTime(DateTime.FromOADate(serial)),
                string s when DateOnly.TryParseExact(s.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) => parsed,
                _ => null,
            };
            When(date is null, column, Words.Format(Messages.ImportNotADate, value));
            return date;
        }

        private decimal? Nothing() => null;
    }
}
