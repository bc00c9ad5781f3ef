using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pipeline.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Web.Tests;

/// <summary>预审 from end to end: staff apply and see the indicators while typing, three members score blind, the chair decides.</summary>
public class ReviewJourneyTests(WorkspaceServer server)
{
    private readonly ApiData _api = new(server.Address);

    [Fact]
    public async Task Review_ThreeMembersScoreBlind_ChairDecidesAndClassMatchesBands()
    {
        var unit = await _api.UnitAsync();
        var staff = await _api.PersonAsync(unit, "王强", "staff");
        var first = await _api.PersonAsync(null, ApiData.Unique("刘委员"), "committee");
        var second = await _api.PersonAsync(null, ApiData.Unique("孙委员"), "committee");
        var chair = await _api.PersonAsync(null, ApiData.Unique("周主任"), "committee");
        var project = await _api.ProjectAsync(unit, new { industryCode = "C39", landMode = "newLand", landAreaMu = 60m, totalInvestment = 36000m, fixedAssetInvestment = 30000m }, talksDaysAgo: 30);
        var rubric = (await _api.GetAsync("/api/review-rubric"))["criteria"]!.AsArray()
            .Select(c => (Code: c!["code"]!.GetValue<string>(), Weight: c["weight"]!.GetValue<decimal>())).ToList();

        var page = await server.PageAsync(token: staff.Token);
        await page.GotoAsync($"/projects/{project["id"]}");
        await page.GetByRole(AriaRole.Link, new() { Name = "申请预审" }).ClickAsync();
        var preview = page.Locator("[data-preview]");
        await Expect(preview).ToContainTextAsync("计算机、通信和其他电子设备制造业");
        await Expect(preview.Locator("[data-indicator=investmentIntensity]")).ToContainTextAsync("500");
        await page.Locator("#review-fixedAssetInvestment").FillAsync("18000");
        await Expect(preview.Locator("[data-indicator=investmentIntensity]")).ToContainTextAsync("300");
        await Expect(preview.Locator("[data-indicator=investmentIntensity]")).ToContainTextAsync("未达标（差 100）");
        await page.Locator("#review-fixedAssetInvestment").FillAsync("30000");
        await page.Locator("#review-annualOutput").FillAsync("45000");
        await page.Locator("#review-annualTax").FillAsync("2000");
        await page.Locator("#review-annualEnergyTce").FillAsync("9000");
        await page.Locator("#review-employees").FillAsync("300");
        await Expect(preview.Locator("[data-indicator=taxPerMu]")).ToContainTextAsync("33.33");
        await Expect(preview.Locator("[data-indicator=energyIntensity]")).ToContainTextAsync("达标");
        await Forms.PickAsync(page, "#review-chair", chair.DisplayName, chair.DisplayName);
        await Shots.SaveAsync(page, "review-apply-preview");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交预审申请" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/reviews/\d+$"));
        var reviewPath = new Uri(page.Url).AbsolutePath;
        await Expect(page.Locator("[data-indicator=outputPerMu]")).ToContainTextAsync("750");

        // Totals 90, 80 and 85: the mean is 85.00, class A from the default bands (A from 85, B from 75, C from 60).
        foreach (var (member, total) in new[] { (first, 90m), (second, 80m), (chair, 85m) })
        {
            var sheet = await server.PageAsync(token: member.Token);
            await sheet.GotoAsync(reviewPath);
            await Expect(sheet.GetByText("评审决定前，其他委员的评分不公开")).ToBeVisibleAsync();
            if (member == second)
            {
                await Expect(sheet.Locator(".facts")).ToContainTextAsync("1 份");
                await Expect(sheet.GetByText(first.DisplayName)).ToHaveCountAsync(0);
                await Shots.SaveAsync(sheet, "review-score-sheet-blind");
            }

            foreach (var (code, points) in Points(rubric, total))
            {
                await sheet.Locator($"#score-{code}").FillAsync(points.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            await sheet.Locator("#sheet-comment").ClickAsync();
            await Expect(sheet.Locator("[data-sheet-total]")).ToHaveTextAsync(total.ToString("0", System.Globalization.CultureInfo.InvariantCulture));
            await sheet.GetByRole(AriaRole.Button, new() { Name = "提交评分" }).ClickAsync();
            await Expect(sheet.GetByRole(AriaRole.Status)).ToHaveTextAsync("已保存");
            if (member != chair)
            {
                await Expect(sheet.GetByRole(AriaRole.Button, new() { Name = "作出评审决定" })).ToHaveCountAsync(0);
                continue;
            }

            await sheet.GetByRole(AriaRole.Button, new() { Name = "作出评审决定" }).ClickAsync();
            var decision = sheet.Locator("[data-decision]");
            await Expect(decision).ToContainTextAsync("通过");
            await Expect(decision).ToContainTextAsync("85 分");
            await Expect(decision).ToContainTextAsync("A 类");
            await Expect(decision).ToContainTextAsync("各委员总分的平均分");
            foreach (var name in new[] { first.DisplayName, second.DisplayName, chair.DisplayName })
            {
                await Expect(decision.Locator(".all-sheets thead")).ToContainTextAsync(name);
            }

            await Shots.SaveAsync(sheet, "review-decided");
        }

        var review = await _api.GetAsync($"/api{reviewPath}");
        Assert.Equal(("passed", 85m, "a"), (review["decision"]!["outcome"]!.GetValue<string>(), review["decision"]!["score"]!.GetValue<decimal>(),
            review["decision"]!["landClass"]!.GetValue<string>()));
        Assert.Equal(3, review["sheets"]!.AsArray().Count);
    }

    /// <summary>Points per criterion adding up to <paramref name="total"/>: full marks, less what is taken off the first criteria.</summary>
    internal static IEnumerable<(string Code, decimal Points)> Points(IReadOnlyList<(string Code, decimal Weight)> rubric, decimal total)
    {
        var off = rubric.Sum(c => c.Weight) - total;
        foreach (var (code, weight) in rubric)
        {
            var taken = Math.Min(weight, off);
            off -= taken;
            yield return (code, weight - taken);
        }
    }
}
