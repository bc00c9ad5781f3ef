using System.Globalization;
using MiniExcelLibs.Attributes;
using Pipeline.Domain;
using Pipeline.Domain.Projects;

namespace Pipeline.Api.Features.Imports;

/// <summary>
/// One row of the project ledger (项目台账), the layout a bureau keeps in Excel: what <c>GET /api/projects?format=xlsx</c>
/// writes and <c>POST /api/imports/projects</c> reads, so an export can be edited and imported again.
/// </summary>
public sealed class LedgerRow
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
    public const string SignedOn = "签约日期";
    public const string ContractAmount = "签约金额(万元)";
    public const string PlannedGroundbreakingOn = "计划开工日期";
    public const string PlannedProductionOn = "计划投产日期";
    public const string LandSuppliedOn = "供地日期";
    public const string LandSuppliedMu = "供地面积(亩)";
    public const string GroundbreakingOn = "开工日期";
    public const string ProductionOn = "投产日期";

    /// <summary>Every column, in the order of the sheet; the import needs the first ones, the rest are optional.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        Name, Company, CreditCode, Industry, TotalInvestment, FixedAssetInvestment, LandArea, LandMode, Unit, Person, Leader, Stage,
        TalksOn, SignedOn, ContractAmount, PlannedGroundbreakingOn, PlannedProductionOn, LandSuppliedOn, LandSuppliedMu, GroundbreakingOn, ProductionOn,
    ];

    public static readonly IReadOnlyList<string> Required = [Name, Industry, TotalInvestment, Unit];

    [ExcelColumnName(Name)]
    public string ProjectName { get; init; } = "";

    [ExcelColumnName(Company)]
    public string? CompanyName { get; init; }

    [ExcelColumnName(CreditCode)]
    public string? CompanyCreditCode { get; init; }

    [ExcelColumnName(Industry)]
    public string IndustryCode { get; init; } = "";

    [ExcelColumnName(TotalInvestment)]
    public decimal Total { get; init; }

    [ExcelColumnName(FixedAssetInvestment)]
    public decimal? FixedAssets { get; init; }

    [ExcelColumnName(LandArea)]
    public decimal? AreaMu { get; init; }

    [ExcelColumnName(LandMode)]
    public string Mode { get; init; } = "";

    [ExcelColumnName(Unit)]
    public string UnitName { get; init; } = "";

    [ExcelColumnName(Person)]
    public string? PersonName { get; init; }

    [ExcelColumnName(Leader)]
    public string? LeaderName { get; init; }

    [ExcelColumnName(Stage)]
    public string StageName { get; init; } = "";

    [ExcelColumnName(TalksOn)]
    public string? Talks { get; init; }

    [ExcelColumnName(SignedOn)]
    public string? Signed { get; init; }

    [ExcelColumnName(ContractAmount)]
    public decimal? Contract { get; init; }

    [ExcelColumnName(PlannedGroundbreakingOn)]
    public string? PlannedStart { get; init; }

    [ExcelColumnName(PlannedProductionOn)]
    public string? PlannedProduction { get; init; }

    [ExcelColumnName(LandSuppliedOn)]
    public string? LandSupplied { get; init; }

    [ExcelColumnName(LandSuppliedMu)]
    public decimal? SuppliedMu { get; init; }

    [ExcelColumnName(GroundbreakingOn)]
    public string? Started { get; init; }

    [ExcelColumnName(ProductionOn)]
    public string? Producing { get; init; }

    /// <summary>A date as the ledger and the other exported sheets write it.</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Date(DateOnly? date) => date is { } d ? Date(d) : null;
}

/// <summary>A project as stored, in the columns the ledger shows.</summary>
public sealed class LedgerRecord
{
    public string Name { get; init; } = "";

    public string? CompanyName { get; init; }

    public string? CreditCode { get; init; }

    public string IndustryCode { get; init; } = "";

    public long TotalInvestment { get; init; }

    public long? FixedAssetInvestment { get; init; }

    public long? LandAreaMu { get; init; }

    public LandMode LandMode { get; init; }

    public string UnitName { get; init; } = "";

    public string? PersonName { get; init; }

    public string? LeaderName { get; init; }

    public Stage Stage { get; init; }

    public DateOnly TalksStartedOn { get; init; }

    public DateOnly? SignedOn { get; init; }

    public long? ContractAmount { get; init; }

    public DateOnly? PlannedGroundbreakingOn { get; init; }

    public DateOnly? PlannedProductionOn { get; init; }

    public DateOnly? LandSuppliedOn { get; init; }

    public long? LandSuppliedMu { get; init; }

    public DateOnly? GroundbreakingOn { get; init; }

    public DateOnly? ProductionOn { get; init; }

    public const string Columns = """
        p.name, c.name AS CompanyName, c.credit_code, p.industry_code, p.total_investment,
        p.fixed_asset_investment, p.land_area_mu, p.land_mode, u.name AS UnitName,
        rp.display_name AS PersonName, ld.display_name AS LeaderName, p.stage, p.talks_started_on, p.signed_on,
        p.contract_amount, p.planned_groundbreaking_on, p.planned_production_on,
        p.land_supplied_on, p.land_supplied_mu, p.groundbreaking_on, p.production_on
        """;

    public LedgerRow ToRow() => new()
    {
        ProjectName = Name,
        CompanyName = CompanyName,
        CompanyCreditCode = CreditCode,
        IndustryCode = IndustryCode,
        Total = Quantities.FromStored(TotalInvestment),
        FixedAssets = Quantities.FromStored(FixedAssetInvestment),
        AreaMu = Quantities.FromStored(LandAreaMu),
        Mode = LandMode.Chinese(),
        UnitName = UnitName,
        PersonName = PersonName,
        LeaderName = LeaderName,
        StageName = Stage.Chinese(),
        Talks = LedgerRow.Date(TalksStartedOn),
        Signed = LedgerRow.Date(SignedOn),
        Contract = Quantities.FromStored(ContractAmount),
        PlannedStart = LedgerRow.Date(PlannedGroundbreakingOn),
        PlannedProduction = LedgerRow.Date(PlannedProductionOn),
        LandSupplied = LedgerRow.Date(LandSuppliedOn),
        SuppliedMu = Quantities.FromStored(LandSuppliedMu),
        Started = LedgerRow.Date(GroundbreakingOn),
        Producing = LedgerRow.Date(ProductionOn),
    };
}
