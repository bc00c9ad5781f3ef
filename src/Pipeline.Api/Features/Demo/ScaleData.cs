using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Users;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Companies;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Demo;

/// <summary>
/// A province-sized data set for benchmarks (<c>seed --projects N --seed S</c>): units with staff and leaders, companies
/// with valid credit codes, projects over every stage with about ten history rows each (stage changes, agreements,
/// activities), reviews, trips with visits, leads, and the alerts a scan raises on them. The same seed gives the same
/// data. Rows go in table by table through prepared INSERTs, a transaction per batch; only an empty database is filled.
/// </summary>
public sealed class ScaleData(Db db, IPasswordHasher<Account> hasher, AuditLog audit, BusinessClock clock, AlertScan scan, ILogger<ScaleData> logger)
{
    public const string Password = "Bench-Pass-2026!";

    /// <summary>Projects per unit: a province of counties and parks, each with a few hundred to a thousand projects.</summary>
    private const int ProjectsPerUnit = 1000;

    private const int StaffPerUnit = 4;

    private static readonly Stage[] Path = [Stage.Talks, Stage.PreReview, Stage.Signed, Stage.LandSupply, Stage.Groundbreaking, Stage.Production];

    private static readonly string[] Trades = ["华芯", "恒瑞", "联创", "云帆", "数智", "海天", "绿能", "康宁", "国轩", "天合", "中科", "美岸", "新希望", "海润", "宏发", "光谷"];

    private static readonly string[] Products = ["集成电路封装", "储能电池", "汽车零部件", "生物医药", "智能装备", "精密机床", "工业软件", "新材料", "光伏玻璃", "智能仪表", "食品加工", "环保制品"];

    private static readonly string[] Cities = ["苏州", "上海", "深圳", "杭州", "宁波", "无锡", "南京", "合肥", "常州", "北京", "广州", "成都"];

    public sealed record Summary(int Units, int Users, int Companies, int Projects, long HistoryRows, int Trips, int Leads, int Reviews, int Alerts, TimeSpan Elapsed);

    public async Task<Summary> SeedAsync(int projectCount, int seed, CancellationToken ct)
    {
        if (projectCount is < 1 or > 10_000_000)
        {
            throw new ConfigurationProblem("seed --projects takes a number from 1 to 10,000,000.");
        }

        var watch = Stopwatch.StartNew();
        var writer = new RowWriter(db, ct);
        if (await writer.ScalarAsync("SELECT COUNT(*) FROM projects") > 0)
        {
            throw new ConfigurationProblem("seed fills an empty database, and this one has projects already. Point it at a new file or database.");
        }

        var now = clock.UtcNow;
        var world = new World(projectCount, seed, clock.Today, now)
        {
            UnitBase = await writer.NextIdAsync("units"),
            UserBase = await writer.NextIdAsync("users"),
            CompanyBase = await writer.NextIdAsync("companies"),
            ProjectBase = await writer.NextIdAsync("projects"),
            Industries = (await writer.TextsAsync("SELECT code FROM industries WHERE parent_code IS NOT NULL ORDER BY code")).ToArray(),
            RubricId = await writer.ScalarAsync("SELECT MAX(id) FROM rubrics"),
        };

        await WriteOrganisationAsync(writer, world, hasher.HashPassword(Account.Instance, Password));
        Progress("units and users", world.Units + world.Users, watch);
        await WriteCompaniesAsync(writer, world);
        Progress("companies", world.Companies, watch);
        await WriteProjectsAsync(writer, world);
        Progress("projects", projectCount, watch);
        var history = await WriteHistoryAsync(writer, world);
        Progress("history rows (stage changes, agreements, activities)", history, watch);
        var reviews = await WriteReviewsAsync(writer, world);
        var (trips, leads) = await WriteTripsAndLeadsAsync(writer, world);
        Progress("reviews, trips and leads", reviews + trips + leads, watch);

        var alerts = await scan.RunAsync("seed", null, ct);
        await using (var session = await db.BeginAsync(ct))
        {
            await audit.WriteAsync(session, new AuditEntry("seed", "database", null, AuditLog.Ok,
                $"seed {seed}: {projectCount} projects, {history} history rows, {trips} trips, {leads} leads", null, "system"));
            await session.CommitAsync();
        }

        var summary = new Summary(world.Units, world.Users, world.Companies, projectCount, history, trips, leads, reviews, alerts.NewAlerts, watch.Elapsed);
        logger.LogInformation("Seeded {Summary}.", summary);
        return summary;
    }

    private void Progress(string what, long rows, Stopwatch watch) =>
        logger.LogInformation("Seed: {Rows:N0} {What} written ({Seconds:0.0} s).", rows, what, watch.Elapsed.TotalSeconds);

    private static async Task WriteOrganisationAsync(RowWriter writer, World world, string passwordHash)
    {
        var bureau = world.UnitBase;
        await writer.TableAsync("units", "id, name, kind, parent_id, version, created_at, updated_at", async insert =>
        {
            await insert(bureau, "省投资促进局", "bureau", null, 1, world.Now, world.Now);
            for (var u = 1; u < world.Units; u++)
            {
                var kind = (u % 4) switch { 0 => "park", 1 => "department", _ => "township" };
                await insert(bureau + u, $"{Cities[u % Cities.Length]}{(kind == "park" ? "开发区" : kind == "department" ? "招商科" : "镇")}{u:000}",
                    kind, kind == "department" ? bureau : null, 1, world.Now, world.Now);
            }
        });
        await writer.TableAsync("unit_tree", "ancestor_id, descendant_id, depth", async insert =>
        {
            for (var u = 0; u < world.Units; u++)
            {
                await insert(bureau + u, bureau + u, 0);
                if (u % 4 == 1)
                {
                    await insert(bureau, bureau + u, 1);
                }
            }
        });
        await writer.TableAsync("users", "id, user_name, display_name, password_hash, security_stamp, unit_id, is_active, failed_sign_ins, version, created_at, updated_at", async insert =>
        {
            for (var i = 0; i < world.Users; i++)
            {
                var (userName, unit) = world.Person(i);
                await insert(world.UserBase + i, userName, $"用户{i:00000}", passwordHash, Guid.NewGuid().ToString("N"), unit, true, 0, 1, world.Now, world.Now);
            }
        });
        await writer.TableAsync("user_roles", "user_id, role", async insert =>
        {
            for (var i = 0; i < world.Users; i++)
            {
                await insert(world.UserBase + i, world.Role(i));
            }
        });
        await writer.ExecuteAsync(
            "UPDATE units SET head_user_id = (SELECT MIN(u.id) FROM users u WHERE u.unit_id = units.id) WHERE id >= @Base", new { Base = world.UnitBase });
    }

    private static Task WriteCompaniesAsync(RowWriter writer, World world) =>
        writer.TableAsync("companies", "id, name, name_key, credit_code, region, industry_code, version, created_at, updated_at", async insert =>
        {
            for (var c = 0; c < world.Companies; c++)
            {
                var name = world.CompanyName(c);
                await insert(world.CompanyBase + c, name, CompanyName.Key(name), CreditCodeFor(c), "江苏省", world.Industries[c % world.Industries.Length], 1, world.Now, world.Now);
            }
        });

    private static Task WriteProjectsAsync(RowWriter writer, World world) =>
        writer.TableAsync("projects", NewProjectRow.InsertSql(explicitId: true), NewProjectRow.Parameters(explicitId: true), explicitIds: true, async insert =>
        {
            for (var i = 0; i < world.ProjectCount; i++)
            {
                var p = world.Project(i);
                var signed = p.Reached(Stage.Signed);
                var supplied = p.Reached(Stage.LandSupply);
                var row = new NewProjectRow(
                    p.Name, p.CompanyId, p.Industry, Quantities.ToStored(p.Investment), null, p.NewLand ? LandMode.NewLand.Code() : LandMode.ExistingBuilding.Code(),
                    Quantities.ToStored(p.AreaMu), null, null, p.UnitId, p.PersonId, p.LeaderId, p.IsKey, p.Stage.Code(), p.StageEnteredOn,
                    p.Reached(Stage.Talks)!.Value, world.Now, p.PersonId)
                {
                    Id = p.Id,
                    DroppedFrom = p.DroppedFrom?.Code(),
                    PreReviewOn = p.Reached(Stage.PreReview),
                    // The review WriteReviewsAsync writes for it passed on its signing day, as a committee's decision would record.
                    ReviewPassedOn = p.Reached(Stage.PreReview) is null ? null : signed,
                    SignedOn = signed,
                    ContractAmount = signed is null ? null : Quantities.ToStored(p.Investment),
                    PlannedGroundbreakingOn = p.PlannedGroundbreakingOn,
                    LandSuppliedOn = supplied,
                    LandSuppliedMu = supplied is null ? null : Quantities.ToStored(p.AreaMu),
                    GroundbreakingOn = p.Reached(Stage.Groundbreaking),
                    ProductionOn = p.Reached(Stage.Production),
                    SignedAmount = signed is null ? null : Quantities.ToStored(p.Investment),
                    ContractAreaMu = signed is null ? null : Quantities.ToStored(p.AreaMu),
                };
                await insert(row.Values(explicitId: true));
            }
        });

    /// <summary>Stage changes, agreements and activities: about ten rows per project in all.</summary>
    private static async Task<long> WriteHistoryAsync(RowWriter writer, World world)
    {
        long rows = 0;
        await writer.TableAsync("project_stage_history", HistoryRecord.InsertSql, HistoryRecord.Parameters, explicitIds: false, async insert =>
        {
            for (var i = 0; i < world.ProjectCount; i++)
            {
                var p = world.Project(i);
                Stage? from = null;
                foreach (var (stage, on) in p.Steps)
                {
                    await insert(new HistoryRecord(p.Id, from, stage, on, p.PersonId, null,
                        stage == Stage.Signed ? p.Investment : null, stage == Stage.LandSupply ? p.AreaMu : null,
                        ReasonCode: stage == Stage.Dropped ? "other" : null).Values(world.Now));
                    from = stage;
                    rows++;
                }
            }
        });
        await writer.TableAsync("project_agreements", NewAgreement.InsertSql, NewAgreement.Parameters, explicitIds: false, async insert =>
        {
            for (var i = 0; i < world.ProjectCount; i++)
            {
                var p = world.Project(i);
                await insert(new NewAgreement(p.Id, AgreementType.Intention, p.Steps[0].On.AddDays(7), null, null, p.PersonId, world.Now).Values());
                rows++;
                if (p.Reached(Stage.Signed) is { } signedOn)
                {
                    await insert(new NewAgreement(p.Id, AgreementType.Formal, signedOn, p.Investment, null, p.PersonId, world.Now).Values());
                    rows++;
                }
            }
        });
        await writer.TableAsync("project_activities", "project_id, kind, on_date, summary, created_at, created_by", async insert =>
        {
            string[] kinds = ["visit", "call", "meeting", "dispatch"];
            for (var i = 0; i < world.ProjectCount; i++)
            {
                var p = world.Project(i);
                var random = p.Random(2);
                var first = p.Steps[0].On;
                var span = Math.Max(1, p.LastActivityOn.DayNumber - first.DayNumber);
                var count = Math.Max(2, 10 - p.Steps.Count - 2);
                for (var a = 0; a < count; a++)
                {
                    var on = a == count - 1 ? p.LastActivityOn : first.AddDays(random.Next(span));
                    await insert(p.Id, kinds[random.Next(kinds.Length)], on, $"与{p.Name}投资方沟通推进事项", world.Now, p.PersonId);
                    rows++;
                }
            }
        });
        return rows;
    }

    private static async Task<int> WriteReviewsAsync(RowWriter writer, World world)
    {
        var count = 0;
        await writer.TableAsync("reviews", """
            project_id, rubric_id, status, applied_on, land_area_mu, fixed_asset_investment, annual_output, annual_tax, annual_energy_tce,
            outcome, score, land_class, vetoed, decided_on, version, created_at, updated_at, created_by
            """, async insert =>
        {
            for (var i = 0; i < world.ProjectCount; i++)
            {
                var p = world.Project(i);
                if (p.Reached(Stage.PreReview) is not { } applied)
                {
                    continue;
                }

                var open = p.Stage == Stage.PreReview;
                var decided = open ? (DateOnly?)null : p.Reached(Stage.Signed) ?? p.StageEnteredOn;
                var passed = p.Reached(Stage.Signed) is not null;
                await insert(p.Id, world.RubricId, open ? "open" : "decided", applied, Quantities.ToStored(p.AreaMu),
                    Quantities.ToStored(p.Investment * 0.8m), Quantities.ToStored(p.Investment * 1.5m), Quantities.ToStored(p.Investment * 0.06m),
                    Quantities.ToStored(p.Investment * 0.02m), open ? null : passed ? "passed" : "rejected", open ? null : (passed ? 780_000 : 520_000),
                    open || !passed ? null : "B", open ? null : false, decided, 1, world.Now, world.Now, p.PersonId);
                count++;
            }
        });
        return count;
    }

    private static async Task<(int Trips, int Leads)> WriteTripsAndLeadsAsync(RowWriter writer, World world)
    {
        var trips = Math.Max(1, world.ProjectCount / 20);
        var tripBase = await writer.NextIdAsync("trips");
        var random = new Random(world.Seed + 7);
        var plans = Enumerable.Range(0, trips).Select(t =>
        {
            var start = world.Today.AddDays(-random.Next(1, 720));
            var end = start.AddDays(random.Next(1, 5));
            var unit = random.Next(world.Units);
            return (Id: tripBase + t, Unit: world.UnitBase + unit, By: world.UserBase + world.StaffIndex(unit, random.Next(StaffPerUnit)), Start: start, End: end,
                Reported: random.Next(5) > 0 || end.AddDays(15) > world.Today, Company: world.CompanyBase + random.Next(world.Companies));
        }).ToList();
        await writer.TableAsync("trips", """
            id, unit_id, purpose, destination, start_on, end_on, days, status, registered_on, is_late, report_due_on, reported_on,
            report_summary, version, created_at, updated_at, created_by
            """, async insert =>
        {
            foreach (var t in plans)
            {
                var reported = t.Reported && t.End <= world.Today;
                await insert(t.Id, t.Unit, "拜访重点企业，洽谈项目落地", Cities[(int)(t.Id % Cities.Length)], t.Start, t.End, t.End.DayNumber - t.Start.DayNumber + 1,
                    reported ? "completed" : "registered", t.Start.AddDays(-2), false, t.End.AddDays(15), reported ? t.End.AddDays(3) : null,
                    reported ? "达成初步投资意向" : null, 1, world.Now, world.Now, t.By);
            }
        });
        await writer.TableAsync("trip_participants", "trip_id, user_id", async insert =>
        {
            foreach (var t in plans)
            {
                await insert(t.Id, t.By);
            }
        });
        await writer.TableAsync("trip_targets", "trip_id, company_id", async insert =>
        {
            foreach (var t in plans)
            {
                await insert(t.Id, t.Company);
            }
        });
        await writer.TableAsync("trip_visits", "trip_id, company_id, on_date, met_with, outcome", async insert =>
        {
            foreach (var t in plans.Where(t => t.Reported && t.End <= world.Today))
            {
                await insert(t.Id, t.Company, t.Start, "董事长", "介绍投资环境，对方有意考察");
            }
        });

        var leads = Math.Max(1, world.ProjectCount / 5);
        string[] statuses = ["new", "verified", "verified", "converted", "dropped", "false"];
        var projects = world.ProjectCount;
        await writer.TableAsync("leads", """
            unit_id, title, company_id, company_name, company_name_key, industry_code, estimated_investment, content, investor_requirements,
            contact_name, contact_phone, source, trip_id, status, logged_on, verified_on, project_id, version, created_at, updated_at, created_by
            """, async insert =>
        {
            for (var l = 0; l < leads; l++)
            {
                var trip = plans[l % plans.Count];
                var company = random.Next(world.Companies);
                var name = world.CompanyName(company);
                var status = statuses[random.Next(statuses.Length)];
                var logged = trip.End;
                await insert(trip.Unit, $"{name}投资意向", world.CompanyBase + company, name, CompanyName.Key(name), world.Industries[company % world.Industries.Length],
                    Quantities.ToStored(random.Next(1, 200) * 500m), "对方计划新建生产基地", "需要标准厂房和人才公寓", "王经理", "13800000000",
                    l % 2 == 0 ? "trip" : "referral", l % 2 == 0 ? trip.Id : null, status, logged,
                    status is "verified" or "converted" ? logged.AddDays(10) : null, status == "converted" ? world.ProjectBase + random.Next(projects) : null,
                    1, world.Now, world.Now, trip.By);
            }
        });
        return (trips, leads);
    }

    /// <summary>A valid 统一社会信用代码 that is unique per company number (its organisation code spells the number in base 31).</summary>
    private static string CreditCodeFor(int company)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var digits = new char[9];
        var n = (long)company;
        for (var i = digits.Length - 1; i >= 0; i--, n /= alphabet.Length)
        {
            digits[i] = alphabet[(int)(n % alphabet.Length)];
        }

        var first17 = "91320500" + new string(digits);
        return first17 + CreditCode.CheckCharacter(first17);
    }

    /// <summary>Who and what exists, derived from the seed alone, so every table pass sees the same projects.</summary>
    private sealed class World(int projectCount, int seed, DateOnly today, DateTime now)
    {
        public int ProjectCount => projectCount;

        public int Seed => seed;

        public DateOnly Today => today;

        public DateTime Now => now;

        public int Units { get; } = Math.Max(8, projectCount / ProjectsPerUnit);

        public int Leaders => Math.Max(4, Units / 5);

        public int Committee => 5;

        public int Users => Units * StaffPerUnit + Leaders + Committee;

        public int Companies => Math.Max(10, projectCount / 2);

        public required long UnitBase { get; init; }

        public required long UserBase { get; init; }

        public required long CompanyBase { get; init; }

        public required long ProjectBase { get; init; }

        public required string[] Industries { get; init; }

        public required long RubricId { get; init; }

        public int StaffIndex(int unit, int n) => unit * StaffPerUnit + n;

        /// <summary>Staff first (four per unit), then leaders, then committee members.</summary>
        public (string UserName, long? Unit) Person(int i) =>
            i < Units * StaffPerUnit ? ($"staff.{i}", UnitBase + (i / StaffPerUnit))
            : i < Units * StaffPerUnit + Leaders ? ($"leader.{i}", null)
            : ($"committee.{i}", null);

        public string Role(int i) => i < Units * StaffPerUnit ? Roles.Staff : i < Units * StaffPerUnit + Leaders ? Roles.Leader : Roles.Committee;

        public string CompanyName(int c) => $"{Cities[c % Cities.Length]}{Trades[c / Cities.Length % Trades.Length]}{Products[c % Products.Length]}{c}有限公司";

        public ProjectPlan Project(int i) => new(this, i);
    }

    /// <summary>One project's life: how far it got and when, drawn from a generator seeded by the run's seed and its number.</summary>
    private sealed class ProjectPlan
    {
        private readonly World _world;
        private readonly int _index;

        public ProjectPlan(World world, int index)
        {
            _world = world;
            _index = index;
            var random = Random(0);
            Id = world.ProjectBase + index;
            var unit = random.Next(world.Units);
            UnitId = world.UnitBase + unit;
            PersonId = world.UserBase + world.StaffIndex(unit, random.Next(StaffPerUnit));
            LeaderId = random.Next(3) == 0 ? null : world.UserBase + (world.Units * StaffPerUnit) + random.Next(world.Leaders);
            CompanyId = world.CompanyBase + random.Next(world.Companies);
            Industry = world.Industries[random.Next(world.Industries.Length)];
            Investment = random.Next(2, 400) * 500m;
            AreaMu = random.Next(10, 300);
            NewLand = random.Next(10) < 7;
            IsKey = Investment >= 100_000m;
            Name = $"{Trades[random.Next(Trades.Length)]}{Products[random.Next(Products.Length)]}项目{index}";

            // A pipeline thinning out stage by stage; each step takes weeks to months, never past today.
            var on = world.Today.AddDays(-random.Next(20, 1800));
            var target = random.Next(100) switch { < 35 => 0, < 45 => 1, < 65 => 2, < 75 => 3, < 87 => 4, _ => 5 };
            Steps.Add((Stage.Talks, on));
            for (var s = 1; s <= target; s++)
            {
                if (Path[s] == Stage.LandSupply && !NewLand)
                {
                    continue; // an existing building needs no land supply
                }

                var next = on.AddDays(random.Next(20, 240));
                if (next > world.Today)
                {
                    break;
                }

                on = next;
                Steps.Add((Path[s], on));
            }

            if (random.Next(100) < 4 && Steps[^1].Stage is not Stage.Production)
            {
                DroppedFrom = Steps[^1].Stage;
                on = on.AddDays(random.Next(1, 90));
                on = on > world.Today ? world.Today : on;
                Steps.Add((Stage.Dropped, on));
            }

            Stage = Steps[^1].Stage;
            StageEnteredOn = Steps[^1].On;
            PlannedGroundbreakingOn = Reached(Stage.Signed) is { } signed && random.Next(2) == 0 ? signed.AddDays(random.Next(60, 360)) : null;
            var sinceLast = random.Next(0, 150);
            LastActivityOn = world.Today.AddDays(-sinceLast) < StageEnteredOn ? StageEnteredOn : world.Today.AddDays(-sinceLast);
        }

        public long Id { get; }

        public string Name { get; }

        public long UnitId { get; }

        public long PersonId { get; }

        public long? LeaderId { get; }

        public long CompanyId { get; }

        public string Industry { get; }

        public decimal Investment { get; }

        public decimal AreaMu { get; }

        public bool NewLand { get; }

        public bool IsKey { get; }

        public Stage Stage { get; }

        public DateOnly StageEnteredOn { get; }

        public Stage? DroppedFrom { get; }

        public DateOnly? PlannedGroundbreakingOn { get; }

        public DateOnly LastActivityOn { get; }

        public List<(Stage Stage, DateOnly On)> Steps { get; } = [];

        public DateOnly? Reached(Stage stage)
        {
            foreach (var (reached, on) in Steps)
            {
                if (reached == stage)
                {
                    return on;
                }
            }

            return null;
        }

        /// <summary>A generator for one aspect of this project (0: its life; others: its details), stable across runs.</summary>
        public Random Random(int aspect) => new(unchecked((int)(((uint)_world.Seed * 2_654_435_761u) ^ ((uint)_index * 40_503u) ^ ((uint)aspect * 2_246_822_519u)) & int.MaxValue));
    }

    private delegate Task InsertRow(params object?[] values);

    /// <summary>
    /// Writes table by table, a transaction per batch of rows, each batch inserting through one prepared statement.
    /// On SQL Server explicit ids need IDENTITY_INSERT, which is on for one table at a time: hence the table-by-table passes.
    /// </summary>
    private sealed class RowWriter(Db db, CancellationToken ct)
    {
        private const int BatchRows = 50_000;

        public async Task<long> ScalarAsync(string sql)
        {
            await using var session = await db.OpenAsync(ct);
            return await session.ExecuteScalarAsync<long?>(sql) ?? 0;
        }

        public Task<long> NextIdAsync(string table) => ScalarAsync($"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");

        public async Task<IReadOnlyList<string>> TextsAsync(string sql)
        {
            await using var session = await db.OpenAsync(ct);
            return await session.QueryAsync<string>(sql);
        }

        public async Task ExecuteAsync(string sql, object args)
        {
            await using var session = await db.BeginAsync(ct);
            await session.ExecuteAsync(sql, args);
            await session.CommitAsync();
        }

        /// <summary>Inserts the rows <paramref name="write"/> produces into <paramref name="table"/>, one value per column in order.</summary>
        public Task TableAsync(string table, string columns, Func<InsertRow, Task> write)
        {
            var names = columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var insert = $"INSERT INTO {table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select(n => "@" + n))})";
            return TableAsync(table, insert, names, names[0] == "id", write);
        }

        /// <summary>Inserts the rows <paramref name="write"/> produces through <paramref name="insert"/>, a feature's own statement.</summary>
        public async Task TableAsync(string table, string insert, IReadOnlyList<string> names, bool explicitIds, Func<InsertRow, Task> write)
        {
            Batch? batch = null;
            try
            {
                await write(async values =>
                {
                    batch ??= await Batch.BeginAsync(db, table, explicitIds, insert, names, ct);
                    await batch.Insert.ExecuteAsync(values);
                    if (++batch.Rows == BatchRows)
                    {
                        await batch.CommitAsync();
                        batch = null;
                    }
                });
                if (batch is not null)
                {
                    await batch.CommitAsync();
                    batch = null;
                }
            }
            finally
            {
                if (batch is not null)
                {
                    await batch.DisposeAsync();
                }
            }
        }

        /// <summary>One transaction's worth of rows for one table.</summary>
        private sealed class Batch(Db db, DbSession session, PreparedStatement insert, string table, bool explicitIds) : IAsyncDisposable
        {
            public PreparedStatement Insert => insert;

            public int Rows { get; set; }

            public static async Task<Batch> BeginAsync(Db db, string table, bool explicitIds, string sql, IReadOnlyList<string> names, CancellationToken ct)
            {
                var session = await db.BeginAsync(ct);
                var batch = new Batch(db, session, session.Prepare(d => explicitIds ? d.InsertWithIds(sql) : sql, names), table, explicitIds);
                await batch.IdentityInsertAsync(on: true);
                return batch;
            }

            public async Task CommitAsync()
            {
                await IdentityInsertAsync(on: false);
                await session.CommitAsync();
                await DisposeAsync();
            }

            public async ValueTask DisposeAsync()
            {
                await insert.DisposeAsync();
                await session.DisposeAsync();
            }

            /// <summary>Rendered for every provider (so the SQL Server statement is parse-checked in tests), run where there is one.</summary>
            private async Task IdentityInsertAsync(bool on)
            {
                if (explicitIds && db.Render(d => d.IdentityInsert(table, on) ?? "", null) is { Length: > 0 } sql)
                {
                    await session.ExecuteAsync(sql);
                }
            }
        }
    }
}
