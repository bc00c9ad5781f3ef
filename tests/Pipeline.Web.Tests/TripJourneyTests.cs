using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pipeline.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Web.Tests;

/// <summary>外出招商 from end to end: staff register and report on a phone, the unit's head approves, a second person verifies the lead, staff convert it.</summary>
public class TripJourneyTests(WorkspaceServer server)
{
    private readonly ApiData _api = new(server.Address);

    [Fact]
    public async Task Trip_RegisteredApprovedReportedWithLead_LeadVerifiedByAnotherAndConverted()
    {
        var unit = await _api.UnitAsync();
        var staff = await _api.PersonAsync(unit, "李娜", "staff");
        var colleague = await _api.PersonAsync(unit, "王强", "staff");
        var head = await _api.PersonAsync(unit, "赵局长", "staff");
        await _api.MakeHeadAsync(unit, head);
        var company = (await _api.PostAsync("/api/companies", new { name = $"{ApiData.Unique("澜海")}新能源科技有限公司" }))["name"]!.GetValue<string>();
        var today = ApiData.Date(0);
        var phone = await server.PageAsync(390, 844, staff.Token);

        await phone.GotoAsync("/trips");
        await phone.GetByRole(AriaRole.Link, new() { Name = "外出报备" }).ClickAsync();
        await phone.GetByLabel("外出事由").FillAsync("赴深圳对接新能源电池项目");
        await phone.GetByLabel("目的地").FillAsync("广东省深圳市");
        await Forms.DateAsync(phone, "#trip-start", today);
        await Forms.DateAsync(phone, "#trip-end", ApiData.Date(2));
        await Forms.PickAsync(phone, "#trip-targets", company[..6], $"企业：{company}");
        await phone.GetByLabel("迟报理由").FillAsync("企业临时约见，来不及提前报备");
        await AlertJourneyTests.AssertNoSidewaysScrollAsync(phone);
        await Shots.SaveAsync(phone, "phone-trip-register");
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交报备" }).ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex(@"/trips/\d+$"));
        var tripId = long.Parse(phone.Url.Split('/')[^1]);
        await Expect(phone.Locator(".head")).ToContainTextAsync("待审批");
        await Expect(phone.Locator(".head")).ToContainTextAsync("迟报");
        await Expect(phone.Locator(".facts")).ToContainTextAsync(company);

        var headPage = await server.PageAsync(token: head.Token);
        await headPage.GotoAsync($"/trips/{tripId}");
        await headPage.GetByLabel("审批意见").FillAsync("同意，注意收集企业用地需求");
        await headPage.GetByRole(AriaRole.Button, new() { Name = "批准外出" }).ClickAsync();
        await Expect(headPage.Locator(".head")).ToContainTextAsync("已批准");
        await Shots.SaveAsync(headPage, "trip-approved");

        await phone.ReloadAsync();
        await phone.GetByRole(AriaRole.Link, new() { Name = "登记本次外出获得的线索" }).ClickAsync();
        var leadTitle = ApiData.Unique("新能源电池扩产项目");
        await phone.GetByLabel("线索名称").FillAsync(leadTitle);
        await phone.GetByLabel("投资方名称").FillAsync(company.Replace("有限公司", "", StringComparison.Ordinal));
        await Expect(phone.Locator("[data-duplicates]")).ToContainTextAsync($"企业：{company}");
        await Shots.SaveAsync(phone, "phone-lead-duplicates");
        await Forms.PickAsync(phone, "#lead-industry", "C35", "C35 专用设备制造业");
        await phone.GetByLabel("预计投资（万元）").FillAsync("52000");
        await phone.GetByLabel("项目内容").FillAsync("拟建设动力电池生产基地，分两期");
        await phone.GetByLabel("投资方诉求").FillAsync("工业用地约120亩");
        await phone.GetByLabel("联系人").FillAsync("陈总");
        await phone.GetByLabel("联系电话").FillAsync("13700000000");
        await phone.GetByRole(AriaRole.Button, new() { Name = "保存线索" }).ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex($"/trips/{tripId}$"));
        await Expect(phone.Locator(".leads")).ToContainTextAsync(leadTitle);

        await phone.GetByRole(AriaRole.Button, new() { Name = "填写报告" }).ClickAsync();
        await phone.GetByLabel("走访企业").FillAsync(company);
        await phone.GetByLabel("会见人员").FillAsync("陈总经理");
        await phone.GetByLabel("对接成果").FillAsync("企业有意来我市设厂，约定下月考察");
        await phone.GetByLabel("外出总结").FillAsync("走访企业一家，获得线索一条");
        await AlertJourneyTests.AssertNoSidewaysScrollAsync(phone);
        await Shots.SaveAsync(phone, "phone-trip-report");
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交报告" }).ClickAsync();
        await Expect(phone.Locator(".head")).ToContainTextAsync("已报告");
        await Expect(phone.GetByRole(AriaRole.Cell, new() { Name = "陈总经理" })).ToBeVisibleAsync();
        var trip = await _api.GetAsync($"/api/trips/{tripId}");
        Assert.Equal(("completed", 1, 1), (trip["status"]!.GetValue<string>(), trip["visits"]!.GetValue<int>(), trip["leads"]!.GetValue<int>()));

        var leadLink = phone.Locator(".leads a", new() { HasText = leadTitle });
        var leadPath = await leadLink.GetAttributeAsync("href");
        var own = await server.PageAsync(token: staff.Token);
        await own.GotoAsync(leadPath!);
        await Expect(own.GetByText("本人登记的线索由单位其他同事或负责人核实")).ToBeVisibleAsync();
        await Expect(own.GetByRole(AriaRole.Button, new() { Name = "核实" })).ToHaveCountAsync(0);

        var second = await server.PageAsync(token: colleague.Token);
        await second.GotoAsync(leadPath!);
        await second.GetByRole(AriaRole.Button, new() { Name = "核实" }).ClickAsync();
        await Expect(second.Locator("[data-lead-status]")).ToHaveTextAsync("已核实");
        await Expect(second.Locator(".facts")).ToContainTextAsync("王强");

        await own.ReloadAsync();
        await own.GetByRole(AriaRole.Button, new() { Name = "转为项目" }).ClickAsync();
        await own.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Expect(own).ToHaveURLAsync(new Regex(@"/projects/\d+$"));
        await Expect(own.GetByRole(AriaRole.Heading, new() { Name = leadTitle })).ToBeVisibleAsync();
        await Expect(own.Locator(".head")).ToContainTextAsync("洽谈");
        await Shots.SaveAsync(own, "lead-converted-project");
    }
}
