using Pipeline.Api.Features.Leads;
using Pipeline.Api.Features.Projects;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Imports;

/// <summary>A column of a ledger: its name as the template writes it (other spellings in <paramref name="Aliases"/>), its kind, and what to write.</summary>
public sealed record LedgerColumn(string Name, CellKind Kind, bool Required, string Description, params string[] Aliases);

/// <summary>
/// A ledger (台账) that bureaus keep in Excel and Pipeline imports: its route, what it holds (for the audit trail), sheet name, columns and the template's
/// example row (marked 示例, never imported).
/// </summary>
public sealed record LedgerKind(string Route, string Entity, string SheetName, IReadOnlyList<LedgerColumn> Columns, Func<DateOnly, IReadOnlyDictionary<string, object?>> Example)
{
    public IReadOnlyList<string> Required => [.. Columns.Where(c => c.Required).Select(c => c.Name)];

    /// <summary>Every way a header may name a column, mapped to the column's name.</summary>
    public IReadOnlyDictionary<string, string> HeaderNames =>
        Columns.SelectMany(c => c.Aliases.Prepend(c.Name).Select(alias => (alias, c.Name))).ToDictionary(a => a.alias, a => a.Name);

    public string TemplatePath => $"/api/imports/{Route}/template";

    /// <summary>The template's columns, in the kinds the import reads, over the example's values.</summary>
    public Columns<IReadOnlyDictionary<string, object?>> TemplateColumns()
    {
        var columns = new Columns<IReadOnlyDictionary<string, object?>>();
        foreach (var column in Columns)
        {
            var name = column.Name;
            _ = column.Kind switch
            {
                CellKind.Date => columns.Date(name, r => r.GetValueOrDefault(name) as DateOnly?),
                CellKind.Amount => columns.Amount(name, r => r.GetValueOrDefault(name) as decimal?),
                CellKind.Count => columns.Count(name, r => r.GetValueOrDefault(name) is int n ? n : null),
                _ => columns.Text(name, r => r.GetValueOrDefault(name) as string, 16),
            };
        }

        return columns;
    }
}

/// <summary>The column names of the project ledger (项目台账): what the import reads and the export writes, so an export imports again.</summary>
public static class LedgerRow
{
    public const string Name = "项目名称";
    public const string Company = "投资方";
    public const string CreditCode = "统一社会信用代码";
    public const string Industry = "所属产业";
    public const string TotalInvestment = "总投资(万元)";
    public const string FixedAssetInvestment = "固定资产投资(万元)";
    public const string LandArea = "用地面积(亩)";
    public const string LandMode = "供地方式";
    public const string Unit = "责任单位";
    public const string Person = "责任人";
    public const string Leader = "包保领导";
    public const string Stage = "当前阶段";
    public const string TalksOn = "洽谈日期";
    public const string PreReviewOn = "预审日期";
    public const string ReviewPassedOn = "过会日期";
    public const string SignedOn = "签约日期";
    public const string ContractAmount = "签约金额(万元)";
    public const string PlannedGroundbreakingOn = "计划开工日期";
    public const string PlannedProductionOn = "计划投产日期";
    public const string LandSuppliedOn = "供地日期";
    public const string LandSuppliedMu = "供地面积(亩)";
    public const string GroundbreakingOn = "开工日期";
    public const string ProductionOn = "投产日期";

    /// <summary>Every column, in the order of the sheet.</summary>
    public static IReadOnlyList<string> Columns => [.. Ledgers.Projects.Columns.Select(c => c.Name)];

    public static IReadOnlyList<string> Required => Ledgers.Projects.Required;
}

/// <summary>The five ledgers: projects, leads, companies, monthly investment and yearly performance.</summary>
public static class Ledgers
{
    public static readonly LedgerKind Projects = new("projects", "project", "项目台账",
    [
        new(LedgerRow.Name, CellKind.Text, true, "项目名称；同一责任单位下名称相同视为同一项目，重复导入时跳过"),
        new(LedgerRow.Company, CellKind.Text, false, "投资方企业名称；有统一社会信用代码时按代码匹配已有企业"),
        new(LedgerRow.CreditCode, CellKind.Text, false, "18位统一社会信用代码（GB 32100-2015），可空"),
        new(LedgerRow.Industry, CellKind.Text, true, "国民经济行业分类代码（如 C39）或名称", "所属产业代码", "所属产业名称"),
        new(LedgerRow.TotalInvestment, CellKind.Amount, true, "万元，最多4位小数"),
        new(LedgerRow.FixedAssetInvestment, CellKind.Amount, false, "万元，可空"),
        new(LedgerRow.LandArea, CellKind.Amount, false, "亩，可空"),
        new(LedgerRow.LandMode, CellKind.Text, false, "新增用地 或 标准厂房（租赁厂房），默认新增用地"),
        new(LedgerRow.Unit, CellKind.Text, true, "系统中的单位名称"),
        new(LedgerRow.Person, CellKind.Text, false, "责任人姓名或登录名；签约及以后阶段必填"),
        new(LedgerRow.Leader, CellKind.Text, false, "包保领导姓名或登录名"),
        new(LedgerRow.Stage, CellKind.Text, false, "洽谈、预审、签约、供地、开工、投产、终止；空则按已填日期推断"),
        new(LedgerRow.TalksOn, CellKind.Date, false, "yyyy-MM-dd；空则取最早的日期或今天"),
        new(LedgerRow.PreReviewOn, CellKind.Date, false, "提交预审的日期；预审阶段的项目空则取洽谈日期；以后阶段有则填，没有则不记预审"),
        new(LedgerRow.ReviewPassedOn, CellKind.Date, false, "预审通过（过会）的日期；仅系统管理员的迁移导入可填，须同时填预审日期"),
        new(LedgerRow.SignedOn, CellKind.Date, false, "签约及以后阶段必填"),
        new(LedgerRow.ContractAmount, CellKind.Amount, false, "万元；空则取总投资"),
        new(LedgerRow.PlannedGroundbreakingOn, CellKind.Date, false, "可空"),
        new(LedgerRow.PlannedProductionOn, CellKind.Date, false, "可空"),
        new(LedgerRow.LandSuppliedOn, CellKind.Date, false, "新增用地项目供地及以后阶段必填"),
        new(LedgerRow.LandSuppliedMu, CellKind.Amount, false, "亩；空则取用地面积"),
        new(LedgerRow.GroundbreakingOn, CellKind.Date, false, "开工及以后阶段必填"),
        new(LedgerRow.ProductionOn, CellKind.Date, false, "投产阶段必填"),
    ],
    today => new Dictionary<string, object?>
    {
        [LedgerRow.Name] = "年产5万套智能装备生产基地项目", [LedgerRow.Company] = "深圳云帆智能装备有限公司", [LedgerRow.CreditCode] = "91440300708461136T",
        [LedgerRow.Industry] = "C35", [LedgerRow.TotalInvestment] = 52000m, [LedgerRow.FixedAssetInvestment] = 41000m, [LedgerRow.LandArea] = 120m,
        [LedgerRow.LandMode] = LandMode.NewLand.Chinese(), [LedgerRow.Unit] = "高新技术产业开发区", [LedgerRow.Person] = "李娜", [LedgerRow.Leader] = "陈副市长",
        [LedgerRow.Stage] = Stage.Signed.Chinese(), [LedgerRow.TalksOn] = today.AddMonths(-8), [LedgerRow.PreReviewOn] = today.AddMonths(-4),
        [LedgerRow.SignedOn] = today.AddMonths(-2), [LedgerRow.ContractAmount] = 52000m, [LedgerRow.PlannedGroundbreakingOn] = today.AddMonths(1),
        [LedgerRow.PlannedProductionOn] = today.AddMonths(13),
    });

    public static readonly LedgerKind Leads = new("leads", "lead", "线索台账",
    [
        new(LeadLedger.Title, CellKind.Text, true, "线索名称；同一登记单位下名称相同视为同一线索，重复导入时跳过"),
        new(LeadLedger.Unit, CellKind.Text, true, "系统中的单位名称：您所在的单位或其下级单位"),
        new(LeadLedger.Company, CellKind.Text, true, "投资方企业名称"),
        new(LeadLedger.CreditCode, CellKind.Text, false, "18位统一社会信用代码，可空"),
        new(LeadLedger.Industry, CellKind.Text, true, "国民经济行业分类代码（如 C39）或名称", "所属产业代码", "所属产业名称"),
        new(LeadLedger.Investment, CellKind.Amount, true, "万元，最多4位小数"),
        new(LeadLedger.Source, CellKind.Text, true, "外出招商、中介推荐、展会、网络、以商招商 或 其他"),
        new(LeadLedger.Content, CellKind.Text, true, "项目内容"),
        new(LeadLedger.Requirements, CellKind.Text, true, "投资方对用地、厂房、政策等的诉求"),
        new(LeadLedger.ContactName, CellKind.Text, true, "投资方联系人"),
        new(LeadLedger.ContactPhone, CellKind.Text, true, "联系电话"),
        new(LeadLedger.LoggedOn, CellKind.Date, false, "yyyy-MM-dd；空则取今天"),
    ],
    today => new Dictionary<string, object?>
    {
        [LeadLedger.Title] = "新能源汽车零部件生产线项目", [LeadLedger.Unit] = "高新技术产业开发区", [LeadLedger.Company] = "宁波远航汽车零部件有限公司",
        [LeadLedger.Industry] = "C36", [LeadLedger.Investment] = 30000m, [LeadLedger.Source] = LeadSource.Expo.Chinese(),
        [LeadLedger.Content] = "拟建设电驱动壳体压铸生产线", [LeadLedger.Requirements] = "用地约80亩，希望年内供地", [LeadLedger.ContactName] = "王强",
        [LeadLedger.ContactPhone] = "13800138000", [LeadLedger.LoggedOn] = today.AddDays(-7),
    });

    public static readonly LedgerKind Companies = new("companies", "company", "客商台账",
    [
        new(CompanyLedger.Name, CellKind.Text, true, "企业名称；有统一社会信用代码时按代码、没有时按名称识别，已有的跳过"),
        new(CompanyLedger.CreditCode, CellKind.Text, false, "18位统一社会信用代码（GB 32100-2015），可空"),
        new(CompanyLedger.Region, CellKind.Text, false, "所在省市，可空"),
        new(CompanyLedger.Industry, CellKind.Text, false, "国民经济行业分类代码（如 C39）或名称，可空", "所属产业代码", "所属产业名称"),
        new(CompanyLedger.ContactName, CellKind.Text, false, "联系人，可空"),
        new(CompanyLedger.ContactTitle, CellKind.Text, false, "联系人职务，可空"),
        new(CompanyLedger.ContactPhone, CellKind.Text, false, "联系电话，可空"),
        new(CompanyLedger.ContactEmail, CellKind.Text, false, "电子邮箱，可空"),
    ],
    _ => new Dictionary<string, object?>
    {
        [CompanyLedger.Name] = "深圳云帆智能装备有限公司", [CompanyLedger.CreditCode] = "91440300708461136T", [CompanyLedger.Region] = "广东省深圳市",
        [CompanyLedger.Industry] = "C35", [CompanyLedger.ContactName] = "李明", [CompanyLedger.ContactTitle] = "投资总监", [CompanyLedger.ContactPhone] = "13900139000",
        [CompanyLedger.ContactEmail] = "liming@example.com",
    });

    public static readonly LedgerKind Investments = new("investments", "investment", "月度投资台账",
    [
        new(ProgressLedger.Project, CellKind.Text, true, "系统中的项目名称"),
        new(ProgressLedger.Unit, CellKind.Text, true, "项目的责任单位"),
        new(ProgressLedger.Month, CellKind.Text, true, "yyyy-MM，已开始的月份"),
        new(ProgressLedger.Amount, CellKind.Amount, true, "当月完成投资，万元，可为0；同一项目同一月份再次导入时以新数为准"),
    ],
    today => new Dictionary<string, object?>
    {
        [ProgressLedger.Project] = "年产5万套智能装备生产基地项目", [ProgressLedger.Unit] = "高新技术产业开发区",
        [ProgressLedger.Month] = today.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), [ProgressLedger.Amount] = 1250.5m,
    });

    public static readonly LedgerKind Performance = new("performance", "performance", "年度效益台账",
    [
        new(ProgressLedger.Project, CellKind.Text, true, "系统中的项目名称"),
        new(ProgressLedger.Unit, CellKind.Text, true, "项目的责任单位"),
        new(ProgressLedger.Year, CellKind.Count, true, "年度，如 2026"),
        new(ProgressLedger.Tax, CellKind.Amount, true, "税收，万元"),
        new(ProgressLedger.Output, CellKind.Amount, true, "产值，万元"),
        new(ProgressLedger.Energy, CellKind.Amount, true, "综合能耗，吨标准煤"),
        new(ProgressLedger.Employees, CellKind.Count, false, "从业人数，可空"),
    ],
    today => new Dictionary<string, object?>
    {
        [ProgressLedger.Project] = "年产5万套智能装备生产基地项目", [ProgressLedger.Unit] = "高新技术产业开发区", [ProgressLedger.Year] = today.Year - 1,
        [ProgressLedger.Tax] = 3600m, [ProgressLedger.Output] = 86000m, [ProgressLedger.Energy] = 5200m, [ProgressLedger.Employees] = 420,
    });

    public static readonly IReadOnlyList<LedgerKind> All = [Projects, Leads, Companies, Investments, Performance];
}

/// <summary>A project as stored, in the columns the ledger shows.</summary>
public sealed record LedgerRecord : ProjectMilestones<long>
{
    public string Name { get; init; } = "";

    public string? CompanyName { get; init; }

    public string? CreditCode { get; init; }

    public string IndustryCode { get; init; } = "";

    public string? IndustryName { get; init; }

    public long TotalInvestment { get; init; }

    public long? FixedAssetInvestment { get; init; }

    public long? LandAreaMu { get; init; }

    public LandMode LandMode { get; init; }

    public string UnitName { get; init; } = "";

    public string? PersonName { get; init; }

    public string? LeaderName { get; init; }

    public Stage Stage { get; init; }

    public DateOnly TalksStartedOn { get; init; }

    public bool IsKey { get; init; }

    public const string Columns = """
        p.name, c.name AS CompanyName, c.credit_code, p.industry_code, ind.name AS IndustryName, p.total_investment,
        p.fixed_asset_investment, p.land_area_mu, p.land_mode, u.name AS UnitName,
        rp.display_name AS PersonName, ld.display_name AS LeaderName, p.stage, p.talks_started_on, p.pre_review_on, p.review_passed_on, p.signed_on,
        p.contract_amount, p.planned_groundbreaking_on, p.planned_production_on,
        p.land_supplied_on, p.land_supplied_mu, p.groundbreaking_on, p.production_on, p.is_key
        """;

    /// <summary>The ledger sheet (项目台账): the import's columns in its order, 所属产业 as 代码 and 名称, and 重点项目 last.</summary>
    public static readonly Columns<LedgerRecord> Sheet = new Columns<LedgerRecord>()
        .Text(LedgerRow.Name, r => r.Name, 30)
        .Text(LedgerRow.Company, r => r.CompanyName, 24)
        .Text(LedgerRow.CreditCode, r => r.CreditCode, 20)
        .Coded(LedgerRow.Industry, r => r.IndustryCode, r => r.IndustryName)
        .Amount(LedgerRow.TotalInvestment, r => Quantities.FromStored(r.TotalInvestment))
        .Amount(LedgerRow.FixedAssetInvestment, r => Quantities.FromStored(r.FixedAssetInvestment))
        .Amount(LedgerRow.LandArea, r => Quantities.FromStored(r.LandAreaMu))
        .Text(LedgerRow.LandMode, r => r.LandMode.Chinese(), 10)
        .Text(LedgerRow.Unit, r => r.UnitName, 18)
        .Text(LedgerRow.Person, r => r.PersonName, 10)
        .Text(LedgerRow.Leader, r => r.LeaderName, 10)
        .Text(LedgerRow.Stage, r => r.Stage.Chinese(), 8)
        .Date(LedgerRow.TalksOn, r => r.TalksStartedOn)
        .Date(LedgerRow.PreReviewOn, r => r.PreReviewOn)
        .Date(LedgerRow.ReviewPassedOn, r => r.ReviewPassedOn)
        .Date(LedgerRow.SignedOn, r => r.SignedOn)
        .Amount(LedgerRow.ContractAmount, r => Quantities.FromStored(r.ContractAmount))
        .Date(LedgerRow.PlannedGroundbreakingOn, r => r.PlannedGroundbreakingOn)
        .Date(LedgerRow.PlannedProductionOn, r => r.PlannedProductionOn)
        .Date(LedgerRow.LandSuppliedOn, r => r.LandSuppliedOn)
        .Amount(LedgerRow.LandSuppliedMu, r => Quantities.FromStored(r.LandSuppliedMu))
        .Date(LedgerRow.GroundbreakingOn, r => r.GroundbreakingOn)
        .Date(LedgerRow.ProductionOn, r => r.ProductionOn)
        .YesNo("重点项目", r => r.IsKey);
}
