namespace Pipeline.Domain.Projects;

/// <summary>Why a project was dropped (终止原因): the codes a transition to <c>dropped</c> accepts.</summary>
public static class DropReasons
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["investorWithdrew"] = "投资方撤回",
        ["fundingFailed"] = "资金不到位",
        ["policyMismatch"] = "不符合产业政策",
        ["landUnavailable"] = "用地无法保障",
        ["reviewRejected"] = "预审未通过",
        ["settledElsewhere"] = "落户他地",
        ["duplicate"] = "重复录入",
        ["other"] = "其他",
    };

    public static bool IsKnown(string code) => All.ContainsKey(code);
}
