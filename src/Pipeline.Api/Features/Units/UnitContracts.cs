namespace Pipeline.Api.Features.Units;

/// <summary>局 / 乡镇 / 园区 / 部门 / 其他.</summary>
public enum UnitKind
{
    Bureau,
    Township,
    Park,
    Department,
    Other,
}

public sealed class UnitDto : Hosting.IVersioned
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    public UnitKind Kind { get; init; }

    public long? ParentId { get; init; }

    /// <summary>The head of the unit, who hears of orange and red alerts on its projects.</summary>
    public long? HeadUserId { get; init; }

    public int Version { get; init; }
}

public sealed record CreateUnit(string? Name, UnitKind? Kind, long? ParentId, long? HeadUserId) : Hosting.ICheckedRequest
{
    public void Check(Hosting.Checks checks, DateOnly today) => checks.Text("name", Name, 200, required: true).Required("kind", Kind);
}

public sealed record UnitQuery(string? Q, long? ParentId, int? Page, int? PageSize);
