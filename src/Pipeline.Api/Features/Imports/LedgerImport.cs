using MiniExcelLibs.Attributes;

namespace Pipeline.Api.Features.Imports;

/// <summary>
/// Moves a bureau's existing ledger (项目台账, xlsx) in without retyping. The file is read row by row; every problem is
/// reported by row and column; a real import is one transaction (every row or none); a project that already exists
/// (same name in the same unit) is skipped, so importing a file twice creates nothing new. Stage dates become history.
/// </summary>
public static class LedgerImport
{
    public sealed record RowProblem(int Row, string Column, string Message);

    public sealed record ImportReport(bool DryRun, int Rows, int Created, int Skipped, IReadOnlyList<RowProblem> Problems);

    public sealed class Instruction
    {
        [ExcelColumnName("列")]
        public string Column { get; init; } = "";

        [ExcelColumnName("必填")]
        public string Required { get; init; } = "";

        [ExcelColumnName("说明")]
        public string Description { get; init; } = "";
    }

    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [LedgerRow.Name] = "项目名称；同一责任单位下名称相同视为同一项目，重复导入时跳过",
        [LedgerRow.Company] = "投资方企业名称；有统一社会信用代码时按代码匹配已有企业",
        [LedgerRow.CreditCode] = "18位统一社会信用代码（GB 32100-2015），可空",
        [LedgerRow.Industry] = "国民经济行业分类代码（如 C39）或名称",
        [LedgerRow.TotalInvestment] = "万元，最多4位小数",
        [LedgerRow.FixedAssetInvestment] = "万元，可空",
        [LedgerRow.LandArea] = "亩，可空",
        [LedgerRow.LandMode] = "新增用地 或 标准厂房（租赁厂房），默认新增用地",
        [LedgerRow.Unit] = "系统中的单位名称",
        [LedgerRow.Person] = "责任人姓名或登录名；签约及以后阶段必填",
        [LedgerRow.Leader] = "包保领导姓名或登录名",
        [LedgerRow.Stage] = "洽谈、预审、签约、供地、开工、投产、终止；空则按已填日期推断",
        [LedgerRow.TalksOn] = "yyyy-MM-dd；空则取最早的日期或今天",
        [LedgerRow.SignedOn] = "签约及以后阶段必填",
        [LedgerRow.ContractAmount] = "万元；空则取总投资",
        [LedgerRow.PlannedGroundbreakingOn] = "可空",
        [LedgerRow.PlannedProductionOn] = "可空",
        [LedgerRow.LandSuppliedOn] = "新增用地项目供地及以后阶段必填",
        [LedgerRow.LandSuppliedMu] = "亩；空则取用地面积",
        [LedgerRow.GroundbreakingOn] = "开工及以后阶段必填",
        [LedgerRow.ProductionOn] = "投产阶段必填",
    };
}
