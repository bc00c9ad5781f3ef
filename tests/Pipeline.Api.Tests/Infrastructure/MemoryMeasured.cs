namespace Pipeline.Api.Tests.Infrastructure;

/// <summary>
/// Tests that measure the process's allocations run alone, after the parallel ones, so that no other test's work is
/// counted as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasured
{
    public const string Name = "Memory measured";
}
