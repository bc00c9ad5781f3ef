using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Data;
using Pipeline.Api.Features.Imports;
using Pipeline.Api.Features.Projects;
using Pipeline.Api.Hosting;
using Pipeline.Api.Tests.Infrastructure;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Tests.Hosting;

/// <summary>Memory is measured alone: a collection that runs after the parallel tests, so no other test's objects are counted.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

[Collection(nameof(MemoryMeasurement))]
public class ExcelMemoryTests(ITestOutputHelper output)
{
    private const int Rows = 100_000;
    private const int SampleEvery = 10_000;

    /// <summary>
    /// 100,000 projects from the database (Dapper unbuffered) through the writer into a file: the live heap, taken after a
    /// full collection every 10,000 rows, stays where it was at the first 10,000, while the file holds megabytes; and each
    /// row allocates a bounded amount that does not depend on how many rows came before.
    /// </summary>
    [Fact]
    public async Task Write_100000ProjectsStreamedFromTheDatabase_LiveHeapFlatAndAllocationPerRowBounded()
    {
        await using var factory = new PipelineFactory();
        var api = new TestApi(factory);
        var unit = await api.CreateUnitAsync();
        var template = await api.CreateProjectAsync(unit.Id);
        await CopyAsync(factory.Database, template.Id, Rows - 1);
        var caller = new Caller(1, "admin", Role.Admin, null);
        var query = new ProjectQuery(null, unit.Id, null, null, null, null, null, null, null, "xlsx");
        var path = Path.Combine(Path.GetTempPath(), $"pipeline-memory-{Guid.NewGuid():N}.xlsx");
        var live = new List<long>();
        long allocated;
        try
        {
            await using var session = await factory.Services.GetRequiredService<Db>().OpenForReportsAsync(CancellationToken.None);
            var rows = ProjectStore.Ledger(session, query, null, caller).Select((row, i) =>
            {
                if ((i + 1) % SampleEvery == 0)
                {
                    live.Add(GC.GetTotalMemory(forceFullCollection: true));
                }

                return row;
            });
            var before = GC.GetAllocatedBytesForCurrentThread();
            using (var file = File.Create(path))
            {
                XlsxWriter.Write(file, [new Sheet<LedgerRecord>("项目台账", "项目台账", LedgerRecord.Sheet, rows)], CancellationToken.None);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var size = new FileInfo(path).Length;
            var growth = live.Max() - live[0];
            output.WriteLine($"rows {Rows:N0}; file {size / 1048576.0:0.0} MB; live heap at 10,000 rows {live[0] / 1048576.0:0.0} MB, " +
                $"highest {live.Max() / 1048576.0:0.0} MB (growth {growth / 1024.0:0} KB); allocated {allocated / 1048576.0:0} MB, {allocated / Rows:N0} bytes a row");

            Assert.Equal(Rows / SampleEvery, live.Count);
            Assert.True(size > 8 * 1048576, $"the file holds the rows: {size} bytes");
            Assert.True(growth < 2 * 1048576, $"the live heap grew by {growth} bytes over 90,000 rows");
            Assert.True(allocated / Rows < 16_384, $"{allocated / Rows} bytes allocated a row");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Copies the project <paramref name="count"/> times, set-based in batches of 2,000: every copy moves the same tally row
    /// (project_counts, kept by a row trigger), and PostgreSQL walks a row's versions within one statement, so one statement
    /// of 100,000 copies would take minutes.
    /// </summary>
    private static async Task CopyAsync(TestDatabase database, long projectId, int count)
    {
        const int batch = 2_000;
        await using var connection = await database.OpenAsync();
        for (var from = 0; from < count; from += batch)
        {
            await connection.ExecuteAsync("""
                WITH RECURSIVE n(i) AS (SELECT @from + 1 UNION ALL SELECT i + 1 FROM n WHERE i < @to)
                INSERT INTO projects (name, company_id, industry_code, total_investment, fixed_asset_investment, land_mode, land_area_mu, responsible_unit_id,
                    is_key, stage, stage_entered_on, talks_started_on, version, created_at, updated_at, created_by, origin)
                SELECT p.name || '-' || CAST(n.i AS VARCHAR(10)), p.company_id, p.industry_code, p.total_investment + n.i, p.fixed_asset_investment, p.land_mode,
                    p.land_area_mu, p.responsible_unit_id, p.is_key, p.stage, p.stage_entered_on, p.talks_started_on, 1, p.created_at, p.updated_at, p.created_by, p.origin
                FROM projects p CROSS JOIN n WHERE p.id = @projectId
                """, new { from, to = Math.Min(from + batch, count), projectId });
        }
    }
}
