using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Pipeline.Api.Tests.Infrastructure;

namespace Pipeline.Web.Tests.Infrastructure;

/// <summary>What the browser tests keep and check of each page: a screenshot in the test output, and axe's verdict.</summary>
public static class Shots
{
    /// <summary>tests/Pipeline.Web.Tests/TestResults/screenshots, beside the other test results (ignored by git).</summary>
    public static string Folder { get; } = Directory.CreateDirectory(
        Path.Combine(AppProcess.RepositoryRoot, "tests", "Pipeline.Web.Tests", "TestResults", "screenshots")).FullName;

    public static async Task SaveAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, $"{name}.png"), FullPage = true });

    /// <summary>Fails, naming each rule and element, when axe finds a serious or critical violation on the page as it is now.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string name)
    {
        // A tag that is still fading in (Element Plus's appear transitions) has the contrast of half its colour: wait for
        // every animation that ends (a loading spinner never does) to end.
        await page.EvaluateAsync("""
            () => Promise.all(document.getAnimations()
                .filter(a => a.effect?.getComputedTiming().endTime !== Infinity)
                .map(a => a.finished.catch(() => null)))
            """);
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe on {name}:\n" + string.Join("\n", serious.Select(Describe)));
    }

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Impact} {violation.Id}: {violation.Help} — " +
        string.Join("; ", violation.Nodes.Take(5).Select(n => n.Html));
}
