using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Units;
using Pipeline.Domain.Dispatch;

namespace Pipeline.Api.Features.Dispatch;

/// <summary>Monthly updates, the matters they raise, and the 调度表 that puts them side by side.</summary>
public static class DispatchStore
{
    /// <summary>
    /// Whether project <paramref name="p"/> owes an update for the month ending <paramref name="monthEnd"/>: signed by then and
    /// not yet producing (signed, land supplied or started), or a key project in talks by then; never a dropped one. One
    /// definition for the missing-update alert, the list of updates, the 调度表 and the ranking's deduction.
    /// </summary>
    public static string Owes(ISqlDialect d, string p, string monthEnd) => $"""
        ({p}.stage <> 'dropped'
         AND (({p}.signed_on IS NOT NULL AND {p}.signed_on <= {monthEnd} AND ({p}.production_on IS NULL OR {p}.production_on > {monthEnd}))
              OR ({p}.is_key = {d.True} AND {p}.talks_started_on <= {monthEnd})))
        """;

    /// <summary>
    /// How many of the due months <c>@MonthEnd0</c> … <c>@MonthEnd{n-1}</c> (ascending) project <paramref name="p"/> owed an
    /// update for, by <see cref="Owes"/> counted from its dates instead of tested month by month: signed, it owes from the
    /// month of signing until the month before production; a key project also from the month its talks began.
    /// </summary>
    public static string OwedMonths(ISqlDialect d, string p, int months)
    {
        // Ends(x): how many month ends fall on or after x (0 for no date); the months in [a, b) are Ends(a) - Ends(b), if positive.
        string Ends(string x) => $"(CASE WHEN {x} IS NULL THEN 0 "
            + string.Concat(Enumerable.Range(0, months).Select(i => $"WHEN {x} <= @MonthEnd{i} THEN {months - i} ")) + "ELSE 0 END)";
        static string Positive(string x) => $"(CASE WHEN {x} > 0 THEN {x} ELSE 0 END)";
        var signedUntilProduction = Positive($"{Ends($"{p}.signed_on")} - {Ends($"{p}.production_on")}");
        // A key project owes every month from its talks on; before them only its signed months count.
        var signedBeforeTalks = Positive($"{Ends($"{p}.signed_on")} - (CASE WHEN {p}.production_on < {p}.talks_started_on THEN {Ends($"{p}.production_on")} ELSE {Ends($"{p}.talks_started_on")} END)");
        return $"""
            (CASE WHEN {p}.stage = 'dropped' THEN 0
                  WHEN {p}.is_key = {d.True} THEN {Ends($"{p}.talks_started_on")} + {signedBeforeTalks}
                  ELSE {signedUntilProduction} END)
            """;
    }

    private const string UpdateColumns = """
        u.id, u.project_id, p.name AS ProjectName, u.month, u.progress, u.problems, u.next_steps, u.investment, u.due_on, u.filed_on,
        u.filed_by, fb.display_name AS FiledByName, u.filed_at
        """;

    private const string MatterColumns = """
        m.id, m.project_id, p.name AS ProjectName, m.update_id, m.text, m.status, m.leader_id, ld.display_name AS LeaderName,
        m.unit_id, un.name AS UnitName, m.due_on, m.answer, m.raised_at, m.answered_at, m.closed_at, m.version,
        CASE WHEN m.status IN ('raised', 'assigned') AND m.due_on < @Today THEN 1 ELSE 0 END AS Overdue
        """;

    private const string MatterFrom = """
        matters m JOIN projects p ON p.id = m.project_id
        LEFT JOIN users ld ON ld.id = m.leader_id
        LEFT JOIN units un ON un.id = m.unit_id
        """;

    /// <summary>Files the month's update with the matters it raises for the project's leader; a second one for the month is a unique violation.</summary>
    public static async Task<(long UpdateId, IReadOnlyList<long> MatterIds)> FileAsync(
        DbSession session, ProjectRow project, FileUpdate update, DateOnly dueOn, long by, DateOnly today, DateTime now)
    {
        var updateId = await session.InsertAsync("""
            INSERT INTO project_updates (project_id, month, progress, problems, next_steps, investment, due_on, filed_on, filed_by, filed_at)
            VALUES (@ProjectId, @Month, @Progress, @Problems, @NextSteps, @Investment, @dueOn, @today, @by, @now)
            """, new
        {
            ProjectId = project.Id, Month = update.MonthStart!.Value, Progress = update.Progress!.Trim(), Problems = update.Problems?.Trim(),
            NextSteps = update.NextSteps!.Trim(), Investment = Quantities.ToStored(update.Investment), dueOn, today, by, now,
        });
        var matterIds = new List<long>();
        foreach (var matter in update.Matters ?? [])
        {
            matterIds.Add(await session.InsertAsync("""
                INSERT INTO matters (project_id, update_id, text, status, leader_id, raised_by, raised_at, version)
                VALUES (@ProjectId, @updateId, @Text, 'raised', @LeaderId, @by, @now, 1)
                """, new { ProjectId = project.Id, updateId, Text = matter.Text!.Trim(), project.LeaderId, by, now }));
        }

        return (updateId, matterIds);
    }

    public static async Task<IReadOnlyList<UpdateDto>> UpdatesAsync(DbSession session, long projectId, long? updateId, DateOnly today)
    {
        using var grid = await session.QueryMultipleAsync(_ => $"""
            SELECT {UpdateColumns} FROM project_updates u JOIN projects p ON p.id = u.project_id JOIN users fb ON fb.id = u.filed_by
            WHERE u.project_id = @projectId AND (@updateId IS NULL OR u.id = @updateId) ORDER BY u.month DESC;
            SELECT {MatterColumns} FROM {MatterFrom} WHERE m.project_id = @projectId AND (@updateId IS NULL OR m.update_id = @updateId) ORDER BY m.id;
            """, new { projectId, updateId, Today = today });
        var updates = await grid.ReadAsync<UpdateRow>();
        var matters = (await grid.ReadAsync<MatterRow>()).Select(m => m.ToDto()).ToLookup(m => m.UpdateId);
        return updates.Select(u => u.ToDto(matters[u.Id].ToList())).ToList();
    }

    /// <summary>The month's owed updates in the caller's scope: who filed, who did not, and who filed late.</summary>
    public static Task<(IReadOnlyList<UpdateStatus> Items, long Total)> StatusAsync(
        DbSession session, DateOnly month, DateOnly dueOn, long? unitId, bool missingOnly, Caller caller, DateOnly today, int skip, int take)
    {
        var filter = new SqlFilter().Add(Owes(session.Dialect, "p", "@MonthEnd"))
            .When(unitId, "p.responsible_unit_id IN (SELECT t.descendant_id FROM unit_tree t WHERE t.ancestor_id = @UnitId)", "UnitId");
        filter.Args.AddDynamicParams(new { Month = month, MonthEnd = MonthlyUpdates.LastDay(month), DueOn = dueOn, Today = today });
        if (missingOnly)
        {
            filter.Add("NOT EXISTS (SELECT 1 FROM project_updates mu WHERE mu.project_id = p.id AND mu.month = @Month)");
        }

        if (ProjectScope.Read(caller, filter.Args) is { } scope)
        {
            filter.Add(scope);
        }

        return session.PageAsync<UpdateStatus>("""
            p.id AS ProjectId, p.name AS ProjectName, p.responsible_unit_id AS UnitId, un.name AS UnitName, p.stage, p.responsible_person_id,
            rp.display_name AS ResponsiblePersonName, @DueOn AS DueOn, u.id AS UpdateId, u.filed_on,
            CASE WHEN u.id IS NULL AND @DueOn < @Today THEN 1 ELSE 0 END AS Missing,
            CASE WHEN u.filed_on > u.due_on THEN 1 ELSE 0 END AS Late
            """, """
            projects p JOIN units un ON un.id = p.responsible_unit_id LEFT JOIN users rp ON rp.id = p.responsible_person_id
            LEFT JOIN project_updates u ON u.project_id = p.id AND u.month = @Month
            """, filter, "p.responsible_unit_id, p.id", skip, take);
    }

    public static async Task<(IReadOnlyList<MatterDto> Items, long Total)> MattersAsync(DbSession session, MatterQuery query, MatterStatus? status, Caller caller, DateOnly today, int skip, int take)
    {
        var filter = new SqlFilter().When(status?.ToCode(), "m.status = @Status", "Status").When(query.ProjectId, "m.project_id = @ProjectId", "ProjectId");
        filter.Args.AddDynamicParams(new { Today = today });
        if (query.Overdue == true)
        {
            filter.Add("m.status IN ('raised', 'assigned') AND m.due_on < @Today");
        }

        if (query.Mine == true)
        {
            filter.Args.Add("Me", caller.Id);
            filter.Add("""
                (m.leader_id = @Me OR m.unit_id IN (SELECT mt.descendant_id FROM unit_tree mt JOIN units mh ON mh.id = mt.ancestor_id WHERE mh.head_user_id = @Me)
                 OR m.unit_id IN (SELECT mu.unit_id FROM users mu WHERE mu.id = @Me))
                """);
        }

        if (ReadScope(caller, filter.Args) is { } scope)
        {
            filter.Add(scope);
        }

        var (rows, total) = await session.PageAsync<MatterRow>(MatterColumns, MatterFrom, filter, "m.id DESC", skip, take,
            countFrom: "matters m JOIN projects p ON p.id = m.project_id", key: "m.id");
        return (rows.Select(r => r.ToDto()).ToList(), total);
    }

    /// <summary>The matter if the caller may read it: the project's readers, and the staff of the unit it is assigned to.</summary>
    public static async Task<MatterDto?> MatterAsync(DbSession session, long id, Caller caller, DateOnly today)
    {
        var args = new DynamicParameters(new { id, Today = today });
        var scope = ReadScope(caller, args);
        return (await session.QuerySingleOrDefaultAsync<MatterRow>(
            $"SELECT {MatterColumns} FROM {MatterFrom} WHERE m.id = @id{(scope is null ? "" : " AND " + scope)}", args))?.ToDto();
    }

    /// <summary>Whether the caller answers for the unit a matter is assigned to: its staff (or a unit above's), or its head's.</summary>
    public static async Task<bool> IsAssigneeAsync(DbSession session, long id, Caller caller) =>
        await session.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM matters m
            WHERE m.id = @id AND (m.unit_id IN (SELECT t.descendant_id FROM unit_tree t WHERE t.ancestor_id = @Unit)
                                  OR m.unit_id IN (SELECT ht.descendant_id FROM unit_tree ht JOIN units hu ON hu.id = ht.ancestor_id WHERE hu.head_user_id = @Me))
            """, new { id, Unit = caller.UnitId ?? -1, Me = caller.Id }) > 0;

    public static async Task<bool> AssignAsync(DbSession session, long id, long unitId, DateOnly dueOn, long by, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE matters SET status = 'assigned', unit_id = @unitId, due_on = @dueOn, assigned_by = @by, assigned_at = @now, version = version + 1
            WHERE id = @id AND status IN ('raised', 'assigned')
            """, new { id, unitId, dueOn, by, now }) == 1;

    public static async Task<bool> AnswerAsync(DbSession session, long id, string text, long by, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE matters SET status = 'answered', answer = @text, answered_by = @by, answered_at = @now, version = version + 1
            WHERE id = @id AND status = 'assigned'
            """, new { id, text, by, now }) == 1;

    public static async Task<bool> CloseAsync(DbSession session, long id, long by, DateTime now) =>
        await session.ExecuteAsync("""
            UPDATE matters SET status = 'closed', closed_by = @by, closed_at = @now, version = version + 1 WHERE id = @id AND status = 'answered'
            """, new { id, by, now }) == 1;

    /// <summary>The heads of a unit and the units above it: who hears that a matter was assigned to it.</summary>
    public static Task<IReadOnlyList<long>> HeadsAsync(DbSession session, long unitId) =>
        session.QueryAsync<long>("""
            SELECT u.head_user_id FROM unit_tree t JOIN units u ON u.id = t.ancestor_id WHERE t.descendant_id = @unitId AND u.head_user_id IS NOT NULL
            """, new { unitId });

    /// <summary>
    /// The 调度表 for a month: each project that owed an update, by unit, with its stage, the days since signing, the update
    /// (or its absence), its open alerts (and the highest level) and its open and overdue matters — one statement.
    /// </summary>
    public static Task<IReadOnlyList<DispatchLine>> SheetAsync(DbSession session, DateOnly month, long? unitId, Caller caller, DateOnly today)
    {
        var filter = new SqlFilter().Add(Owes(session.Dialect, "p", "@MonthEnd"))
            .When(unitId, "p.responsible_unit_id IN (SELECT t.descendant_id FROM unit_tree t WHERE t.ancestor_id = @UnitId)", "UnitId");
        filter.Args.AddDynamicParams(new { Month = month, MonthEnd = MonthlyUpdates.LastDay(month), Today = today });
        if (ProjectScope.Read(caller, filter.Args) is { } scope)
        {
            filter.Add(scope);
        }

        return session.QueryAsync<DispatchLine>(d => $"""
            SELECT p.id AS ProjectId, p.name AS ProjectName, p.responsible_unit_id AS UnitId, un.name AS UnitName, p.stage,
                   p.signed_on, CASE WHEN p.signed_on IS NULL THEN NULL ELSE {d.DaysBetween("p.signed_on", "@Today")} END AS DaysSinceSigning,
                   rp.display_name AS ResponsiblePersonName, ld.display_name AS LeaderName,
                   CASE WHEN u.id IS NULL THEN 0 ELSE 1 END AS UpdateFiled, u.progress, u.problems, u.next_steps, u.investment AS InvestmentStored,
                   (SELECT COUNT(*) FROM alerts a WHERE a.project_id = p.id AND a.status <> 'resolved') AS OpenAlerts,
                   (SELECT MAX(CASE a.level WHEN 'red' THEN 3 WHEN 'orange' THEN 2 ELSE 1 END)
                    FROM alerts a WHERE a.project_id = p.id AND a.status <> 'resolved') AS HighestAlertRank,
                   (SELECT COUNT(*) FROM matters m WHERE m.project_id = p.id AND m.status <> 'closed') AS OpenMatters,
                   (SELECT COUNT(*) FROM matters m WHERE m.project_id = p.id AND m.status IN ('raised', 'assigned') AND m.due_on < @Today) AS OverdueMatters
            FROM projects p
            JOIN units un ON un.id = p.responsible_unit_id
            LEFT JOIN users rp ON rp.id = p.responsible_person_id
            LEFT JOIN users ld ON ld.id = p.leader_id
            LEFT JOIN project_updates u ON u.project_id = p.id AND u.month = @Month
            {filter.Where}
            ORDER BY un.name, p.id
            """, filter.Args);
    }

    /// <summary>Matters are read by whoever may read their project, and by the staff of the unit they are assigned to.</summary>
    private static string? ReadScope(Caller caller, DynamicParameters args)
    {
        var projects = ProjectScope.Read(caller, args);
        if (projects is null)
        {
            return null;
        }

        return UnitScope.StaffUnits(caller, args, "m.unit_id") is { } assigned ? $"({projects} OR {assigned})" : projects;
    }

    private sealed class UpdateRow
    {
        public long Id { get; init; }

        public long ProjectId { get; init; }

        public string? ProjectName { get; init; }

        public DateOnly Month { get; init; }

        public string Progress { get; init; } = "";

        public string? Problems { get; init; }

        public string NextSteps { get; init; } = "";

        public long? Investment { get; init; }

        public DateOnly DueOn { get; init; }

        public DateOnly FiledOn { get; init; }

        public long FiledBy { get; init; }

        public string? FiledByName { get; init; }

        public DateTime FiledAt { get; init; }

        public UpdateDto ToDto(IReadOnlyList<MatterDto> matters) => new(
            Id, ProjectId, ProjectName, Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), Progress, Problems, NextSteps,
            Quantities.FromStored(Investment), DueOn, FiledOn, FiledOn > DueOn, FiledBy, FiledByName, FiledAt, matters);
    }

    private sealed class MatterRow
    {
        public long Id { get; init; }

        public long ProjectId { get; init; }

        public string? ProjectName { get; init; }

        public long UpdateId { get; init; }

        public string Text { get; init; } = "";

        public MatterStatus Status { get; init; }

        public long? LeaderId { get; init; }

        public string? LeaderName { get; init; }

        public long? UnitId { get; init; }

        public string? UnitName { get; init; }

        public DateOnly? DueOn { get; init; }

        public bool Overdue { get; init; }

        public string? Answer { get; init; }

        public DateTime RaisedAt { get; init; }

        public DateTime? AnsweredAt { get; init; }

        public DateTime? ClosedAt { get; init; }

        public int Version { get; init; }

        public MatterDto ToDto() => new(Id, ProjectId, ProjectName, UpdateId, Text, Status, LeaderId, LeaderName, UnitId, UnitName, DueOn, Overdue, Answer,
            RaisedAt, AnsweredAt, ClosedAt, Version);
    }
}
