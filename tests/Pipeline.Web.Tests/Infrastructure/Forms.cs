using Microsoft.Playwright;

namespace Pipeline.Web.Tests.Infrastructure;

/// <summary>Filling Element Plus's controls as a person does: typing into a select to find an option, a date into a picker.</summary>
public static class Forms
{
    /// <summary>Types <paramref name="search"/> into the select whose input is <paramref name="input"/> and picks the option named <paramref name="option"/>.</summary>
    public static async Task PickAsync(IPage page, string input, string search, string option)
    {
        // The select's placeholder lies over its input, so it is typed into rather than clicked.
        var box = page.Locator(input);
        await box.FocusAsync();
        await box.FillAsync(search);
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }

    /// <summary>Types a yyyy-MM-dd date into a date picker and confirms it.</summary>
    public static async Task DateAsync(IPage page, string input, string day)
    {
        var box = page.Locator(input);
        await box.FillAsync(day);
        await box.PressAsync("Enter");
        await page.Keyboard.PressAsync("Escape");
    }
}
