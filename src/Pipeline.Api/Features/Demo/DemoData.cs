using Microsoft.AspNetCore.Identity;
using Pipeline.Api.Features.Alerts;
using Pipeline.Api.Features.Companies;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Features.Reviews;
using Pipeline.Api.Features.Units;
using Pipeline.Api.Features.Users;
using Pipeline.Domain.Accounts;
using Pipeline.Domain.Companies;
using Pipeline.Domain.Projects;
using Pipeline.Domain.Reviews;

namespace Pipeline.Api.Features.Demo;

/// <summary>
/// A small, realistic data set for a first look (<c>--demo</c>): a bureau with its sections, townships and a
/// development zone, one user per role, investors with valid credit codes, and about fifty projects spread over
/// every stage with plausible histories, then one alert scan, so that the demo opens with its alerts rather than at the
/// next morning's scheduled scan. Only fills a database that has no units yet; the same every time.
/// </summary>
public sealed class DemoData(
    Db db, IPasswordHasher<Account> hasher, AuditLog audit, ProjectMoves moves, AlertScan scan, BusinessClock clock, ILogger<DemoData> logger)
{
    public const string Password = "Demo-2021!";

    private static readonly (string Name, UnitKind Kind, string? Parent)[] Units =
    [
        ("市投资促进局", UnitKind.Bureau, null),
        ("招商一科", UnitKind.Department, "市投资促进局"),
        ("招商二科", UnitKind.Department, "市投资促进局"),
        ("高新技术产业开发区", UnitKind.Park, null),
        ("东城镇", UnitKind.Township, null),
        ("西河镇", UnitKind.Township, null),
        ("南湖乡", UnitKind.Township, null),
    ];

    private static readonly (string UserName, string DisplayName, string Role, string? Unit)[] People =
    [
        ("zhang.wei", "张伟", Roles.Staff, "招商一科"),
        ("li.na", "李娜", Roles.Staff, "高新技术产业开发区"),
        ("wang.qiang", "王强", Roles.Staff, "东城镇"),
        ("chen.leader", "陈副市长", Roles.Leader, null),
        ("zhao.leader", "赵副市长", Roles.Leader, null),
        ("liu.committee", "刘委员", Roles.Committee, null),
        ("sun.committee", "孙委员", Roles.Committee, null),
        ("zhou.committee", "周委员", Roles.Committee, null),
        ("wu.auditor", "吴审计", Roles.Auditor, null),
    ];

    /// <summary>The investors, each with the region its name places it in and that region's administrative division code (GB/T 2260).</summary>
    private static readonly (string Name, string Region, string AreaCode)[] Companies =
    [
        ("苏州华芯半导体科技有限公司", "江苏省苏州市", "320500"), ("江苏恒瑞新材料股份有限公司", "江苏省连云港市", "320700"),
        ("上海联创汽车零部件有限公司", "上海市", "310000"), ("深圳云帆智能装备有限公司", "广东省深圳市", "440300"),
        ("杭州数智软件技术有限公司", "浙江省杭州市", "330100"), ("宁波海天精密机械股份有限公司", "浙江省宁波市", "330200"),
        ("无锡绿能光伏科技有限公司", "江苏省无锡市", "320200"), ("南京康宁生物医药有限公司", "江苏省南京市", "320100"),
        ("合肥国轩储能科技有限公司", "安徽省合肥市", "340100"), ("常州天合电气设备有限公司", "江苏省常州市", "320400"),
        ("北京中科智造机器人有限公司", "北京市", "110000"), ("广州美岸食品有限公司", "广东省广州市", "440100"),
        ("成都新希望农牧科技有限公司", "四川省成都市", "510100"), ("青岛海润新能源汽车有限公司", "山东省青岛市", "370200"),
        ("厦门宏发电声股份有限公司", "福建省厦门市", "350200"), ("武汉光谷激光技术有限公司", "湖北省武汉市", "420100"),
        ("温州正泰仪器仪表有限公司", "浙江省温州市", "330300"), ("东莞精工模具有限公司", "广东省东莞市", "441900"),
        ("泉州七匹狼服饰有限公司", "福建省泉州市", "350500"), ("烟台万华化学新材料有限公司", "山东省烟台市", "370600"),
    ];

    private static readonly (string Industry, string What)[] ProjectKinds =
    [
        ("C39", "集成电路封装测试"), ("C38", "储能电池模组"), ("C36", "新能源汽车零部件"), ("C27", "生物医药研发生产"),
        ("C35", "智能装备制造"), ("C34", "精密机床"), ("I65", "工业软件研发中心"), ("C26", "高性能新材料"),
        ("C29", "环保塑料制品"), ("C30", "光伏玻璃"), ("C40", "智能仪表"), ("C13", "农产品精深加工"),
    ];

    // How many projects end in each stage: a pipeline with more in talks than in production, as the speech describes.
    private static readonly (Stage Stage, int Count)[] Spread =
    [
        (Stage.Talks, 12), (Stage.PreReview, 6), (Stage.Signed, 9), (Stage.LandSupply, 6),
        (Stage.Groundbreaking, 8), (Stage.Production, 5), (Stage.Dropped, 4),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var session = await db.BeginAsync(ct);
        if (await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units") > 0)
        {
            logger.LogInformation("Demo data skipped: the database already has units.");
            return;
        }

        var now = clock.UtcNow;
        var today = clock.Today;
        var random = new Random(2021);
        var adminId = await session.ExecuteScalarAsync<long>("SELECT MIN(id) FROM users");

        var units = new Dictionary<string, long>();
        foreach (var (name, kind, parent) in Units)
        {
            units[name] = await UnitStore.InsertAsync(session, name, kind, parent is null ? null : units[parent], now);
        }

        var users = new Dictionary<string, long>();
        var hash = hasher.HashPassword(Account.Instance, Password);
        foreach (var (userName, displayName, role, unit) in People)
        {
            users[userName] = await UserStore.InsertAsync(session,
                new NewUser(userName, displayName, hash, [role], unit is null ? null : units[unit], null, null), now);
        }

        var companies = new List<long>();
        foreach (var (name, region, areaCode) in Companies)
        {
            companies.Add(await CompanyStore.InsertAsync(session, name, MakeCreditCode(random, areaCode), region, null, adminId, now));
        }

        var staff = new[] { ("zhang.wei", "招商一科"), ("li.na", "高新技术产业开发区"), ("wang.qiang", "东城镇") };
        var committee = new[] { users["liu.committee"], users["sun.committee"], users["zhou.committee"] };
        var standards = await ReviewStore.StandardsAsync(session);
        var rubricId = await ReviewStore.CurrentRubricIdAsync(session);
        var leaders = new[] { users["chen.leader"], users["zhao.leader"] };
        var number = 0;
        foreach (var (finalStage, count) in Spread)
        {
            for (var i = 0; i < count; i++, number++)
            {
                var (industry, what) = ProjectKinds[number % ProjectKinds.Length];
                var companyIndex = number % companies.Count;
                var (person, unit) = staff[number % staff.Length];
                var investment = 5000m + random.Next(0, 196) * 500m;
                var landMode = number % 4 == 3 && finalStage != Stage.LandSupply ? LandMode.ExistingBuilding : LandMode.NewLand;
                var project = new CreateProject(
                    $"{Companies[companyIndex].Name[..4]}{what}项目", companies[companyIndex], industry, investment, investment * 0.8m,
                    landMode, landMode == LandMode.NewLand ? 30m + random.Next(0, 170) : null, Companies[companyIndex].Region, SourceLeadId: null,
                    units[unit], users[person], leaders[number % leaders.Length], [users[person]], IsKey: investment >= 50000m,
                    TalksStartedOn: null);
                var (id, reviewedOn, outcome) = await AddProjectAsync(session, project, finalStage, random, today, users[person], now);
                if (reviewedOn is { } appliedOn)
                {
                    await AddReviewAsync(session, id, project, appliedOn, outcome, committee, standards, rubricId, random, now);
                }
            }
        }

        await audit.WriteAsync(session, new AuditEntry("seed", "demo", null, AuditLog.Ok, $"{number} projects", null, "system"));
        await session.CommitAsync();
        await scan.RunAsync("demo", null, ct);
        logger.LogWarning(
            "Demo data loaded: {Projects} projects. Demo users (password {Password}): {Users}.",
            number, Password, string.Join(", ", People.Select(p => $"{p.UserName} ({p.Role})")));
    }

    /// <summary>
    /// Registers a project far enough back and walks it, step by dated step, to its final stage. Returns when it applied
    /// for pre-review and how that ended (null while still under review).
    /// </summary>
    private async Task<(long Id, DateOnly? ReviewedOn, ReviewOutcome? Outcome)> AddProjectAsync(
        DbSession session, CreateProject project, Stage finalStage, Random random, DateOnly today, long by, DateTime now)
    {
        var path = PathTo(finalStage, project.LandMode!.Value);
        var gaps = path.Select(_ => random.Next(20, 75)).ToList();
        var day = today.AddDays(-(gaps.Sum() + random.Next(5, 40)));
        var id = await ProjectStore.CreateAsync(session, project with { TalksStartedOn = day }, day, by, now);
        DateOnly? reviewedOn = null;
        for (var step = 0; step < path.Count; step++)
        {
            day = day.AddDays(gaps[step]);
            var to = path[step];
            var current = (await ProjectStore.FindUnscopedAsync(session, id))!;
            await moves.ApplyAsync(session, StageChange.Of(current, to, day, by, Note(to)) with
            {
                ContractAmount = to == Stage.Signed ? project.TotalInvestment : null,
                PlannedGroundbreakingOn = to == Stage.Signed ? day.AddDays(90) : null,
                PlannedProductionOn = to == Stage.Signed ? day.AddDays(450) : null,
                AreaMu = to == Stage.LandSupply ? project.LandAreaMu : null,
                LandContractNo = to == Stage.LandSupply ? $"TD-{id:0000}" : null,
                ReasonCode = to == Stage.Dropped ? "reviewRejected" : null,
                AgreementNote = "正式合同",
            }, now);
            if (to == Stage.PreReview)
            {
                reviewedOn = day;
            }
        }

        var outcome = finalStage switch
        {
            Stage.PreReview => (ReviewOutcome?)null,
            Stage.Dropped => ReviewOutcome.Rejected,
            _ => ReviewOutcome.Passed,
        };
        return (id, reviewedOn, outcome);
    }

    /// <summary>A review with figures in line with the project, three committee sheets and, unless still open, the decision.</summary>
    private static async Task AddReviewAsync(
        DbSession session, long projectId, CreateProject project, DateOnly appliedOn, ReviewOutcome? outcome, long[] committee,
        IReadOnlyList<EntryStandard> standards, long rubricId, Random random, DateTime now)
    {
        var area = project.LandAreaMu ?? 40m;
        var figures = new ApplicantFigures(area, project.FixedAssetInvestment!.Value, area * random.Next(350, 900), area * random.Next(15, 45),
            area * random.Next(60, 200), 1.2m + random.Next(0, 10) / 10m, random.Next(1, 6));
        var standard = EntryStandards.Pick(standards, project.IndustryCode!, []);
        var values = Indicators.Compute(figures);
        var checks = Enum.GetValues<Indicator>().Select(i => Indicators.Check(i, values[i], standard?.Thresholds.GetValueOrDefault(i))).ToList();
        var reviewId = await ReviewStore.InsertAsync(session, projectId, rubricId, standard?.Id, committee[0], appliedOn, figures, random.Next(50, 800),
            checks, [], committee[0], now);
        var shares = outcome == ReviewOutcome.Rejected ? new[] { 0.5m, 0.55m, 0.62m } : new[] { 0.7m + random.Next(0, 25) / 100m, 0.75m, 0.8m };
        var sheets = committee.Select((member, i) => (Member: member, Total: Math.Round(100m * shares[i], 2), Vote: outcome == ReviewOutcome.Rejected ? Vote.Reject : Vote.Approve)).ToList();
        if (outcome is null)
        {
            sheets = sheets.Take(1).ToList();
        }

        foreach (var sheet in sheets)
        {
            await ReviewStore.PutSheetAsync(session, reviewId, sheet.Member, sheet.Vote, sheet.Total, "符合入园条件", [], now);
        }

        if (outcome is not null)
        {
            var decision = Decisions.Decide(sheets.Select(s => (s.Total, s.Vote)).ToList(), false, false, new ReviewOptions().Policy);
            var review = (await ReviewStore.LatestAsync(session, projectId))!;
            await ReviewStore.DecideAsync(session, review, decision, null, [], committee[0], appliedOn.AddDays(7), now);
        }
    }

    private static List<Stage> PathTo(Stage final, LandMode landMode)
    {
        if (final == Stage.Dropped)
        {
            return [Stage.PreReview, Stage.Dropped];
        }

        var path = new List<Stage>();
        for (var stage = Stage.Talks; stage != final;)
        {
            stage = Lifecycle.NextStages(stage, landMode).First(s => s is not Stage.Dropped and not Stage.Talks);
            path.Add(stage);
        }

        return path;
    }

    private static string Note(Stage to) => to switch
    {
        Stage.PreReview => "提交项目预审",
        Stage.Signed => "签订正式投资合同",
        Stage.LandSupply => "完成土地出让",
        Stage.Groundbreaking => "项目正式开工",
        Stage.Production => "建成投产",
        Stage.Dropped => "预审未通过，终止洽谈",
        _ => "",
    };

    /// <summary>A valid 统一社会信用代码: a company (91) registered in the region of <paramref name="areaCode"/>, with a random organisation code.</summary>
    private static string MakeCreditCode(Random random, string areaCode)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var first17 = "91" + areaCode + new string(Enumerable.Range(0, 9).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        return first17 + CreditCode.CheckCharacter(first17);
    }
}
