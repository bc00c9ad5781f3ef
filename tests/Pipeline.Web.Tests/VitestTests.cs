using System.Diagnostics;
using System.Text.Json.Nodes;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Web.Tests;

/// <summary>
/// The workspace's own logic (formatting, navigation by role, problem details, URL filters, the cockpit's periods and
/// targets, who may act on an alert), unit-tested with Vitest and run here so that the README's test command runs it.
/// Its JSON report (TestResults/vitest.json) is also what .ci/run counts.
/// </summary>
public class VitestTests
{
    public static string Report { get; } = Path.Combine(AppProcess.RepositoryRoot, "tests", "Pipeline.Web.Tests", "TestResults", "vitest.json");

    [Fact]
    public async Task Vitest_WorkspaceLogic_EveryTestPasses()
    {
        var web = Path.Combine(AppProcess.RepositoryRoot, "src", "Pipeline.Web");
        Assert.SkipUnless(Directory.Exists(Path.Combine(web, "node_modules")), "The workspace's packages are not installed (Node.js missing when the API was built).");
        Directory.CreateDirectory(Path.GetDirectoryName(Report)!);
        File.Delete(Report);
        var start = new ProcessStartInfo("npx", ["vitest", "run", "--reporter=json", $"--outputFile={Report}"])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CI"] = "true";
        using var vitest = Process.Start(start)!;
        var output = vitest.StandardOutput.ReadToEndAsync();
        var errors = vitest.StandardError.ReadToEndAsync();
        await vitest.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(File.Exists(Report), $"Vitest wrote no report (exit code {vitest.ExitCode}):\n{await output}\n{await errors}");
        var report = JsonNode.Parse(await File.ReadAllTextAsync(Report))!;
        var failed = report["testResults"]!.AsArray()
            .SelectMany(file => file!["assertionResults"]!.AsArray().Select(test => (File: file["name"]!.GetValue<string>(), Test: test!)))
            .Where(t => t.Test["status"]!.GetValue<string>() == "failed")
            .Select(t => $"{Path.GetRelativePath(web, t.File)} › {t.Test["fullName"]}: {string.Join(" ", t.Test["failureMessages"]!.AsArray())}")
            .ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} Vitest test(s) failed:\n{string.Join("\n", failed)}");
        Assert.True(report["numTotalTests"]!.GetValue<int>() > 0, "Vitest ran no test.");
        Assert.Equal(0, vitest.ExitCode);
    }
}
