using Pipeline.Api.Features.Projects;

namespace Pipeline.Api.Features.Reports;

/// <summary>The project filters reports share: the caller's read scope, a unit and everything below it, an industry and its sub-codes.</summary>
public static class ReportScope
{
    public static SqlFilter Projects(Caller caller, long? unitId, string? industryCode)
    {
        var filter = new SqlFilter()
            .When(unitId, "p.responsible_unit_id IN (SELECT ut.descendant_id FROM unit_tree ut WHERE ut.ancestor_id = @UnitId)", "UnitId")
            .When(string.IsNullOrWhiteSpace(industryCode) ? null : industryCode.Trim() + "%", "p.industry_code LIKE @IndustryCode", "IndustryCode");
        if (ProjectScope.Read(caller, filter.Args) is { } scope)
        {
            filter.Add(scope);
        }

        return filter;
    }

    /// <summary>The WHERE clause's conditions without the keyword, for joining onto other conditions.</summary>
    public static string Conditions(this SqlFilter filter) => filter.Where.Length == 0 ? "1 = 1" : filter.Where["WHERE ".Length..];

    public static DynamicParameters With(this SqlFilter filter, object values)
    {
        filter.Args.AddDynamicParams(values);
        return filter.Args;
    }
}
