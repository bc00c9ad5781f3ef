using Microsoft.Playwright;
using Pipeline.Api.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(Pipeline.Web.Tests.Infrastructure.WorkspaceServer))]

namespace Pipeline.Web.Tests.Infrastructure;

/// <summary>
/// The built API (with the workspace in its wwwroot) as a process of its own on a SQLite file of its own, and one
/// headless Debian chromium, shared by every browser test; each test makes its own data and its own browser context,
/// so none depends on another. Where chromium is not installed (.ci/run installs it), the tests that need a browser
/// are skipped; those that only speak HTTP still run.
/// </summary>
public sealed class WorkspaceServer : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public const string AdminPassword = "Admin-Pass-2026!";

    private readonly string _data = Directory.CreateTempSubdirectory("pipeline-web-").FullName;
    private AppProcess? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static bool HasChromium => File.Exists(Chromium);

    public Uri Address => App.Address;

    public AppProcess App => _app ?? throw new InvalidOperationException("The app did not start.");

    public IBrowser Browser
    {
        get
        {
            Assert.SkipUnless(HasChromium, $"Debian's chromium is not installed at {Chromium} (apt-get install chromium; .ci/run does).");
            return _browser!;
        }
    }

    /// <summary>Settings for an app process of the tests: its own database, a known admin, fast hashing, no sign-in limit.</summary>
    public static Dictionary<string, string> Settings(string dataDirectory) => new()
    {
        ["Pipeline:DataDirectory"] = dataDirectory,
        ["ConnectionStrings:Pipeline"] = $"Data Source={Path.Combine(dataDirectory, "pipeline.db")}",
        ["Pipeline:Bootstrap:AdminPassword"] = AdminPassword,
        ["Pipeline:Auth:PasswordHashIterations"] = "1000",
        ["Pipeline:Auth:TokenRequestsPerWindow"] = "100000",
        // New-land projects need a passed review to sign (the refusal journey); projects in existing buildings do not,
        // so the other journeys can sign theirs directly.
        ["Pipeline:Review:RequiredForSigning"] = "newLand",
    };

    public async ValueTask InitializeAsync()
    {
        _app = await AppProcess.StartAsync(Settings(_data), CancellationToken.None);
        // The machines that run the suite are shared: an assertion waits as long as an action may (never a fixed pause).
        Assertions.SetDefaultExpectTimeout(15_000);
        if (HasChromium)
        {
            _playwright = await Playwright.CreateAsync();
            _browser = await LaunchAsync(_playwright);
        }
    }

    /// <summary>Debian's chromium, headless, with nothing that reaches out to the network (this machine has none).</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--disable-quic",
        ],
    });

    /// <summary>A browser context of its own (no shared storage), in Chinese and the city's time zone.</summary>
    public async Task<IPage> PageAsync(int width = 1366, int height = 768, string? token = null)
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            BaseURL = Address.ToString(),
        });
        context.SetDefaultTimeout(15_000);
        if (token is not null)
        {
            // Signed in as the workspace itself does after 登录: the token in the tab's session storage.
            await context.AddInitScriptAsync($"sessionStorage.setItem('pipeline.token', '{token}')");
        }

        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Directory.Delete(_data, recursive: true);
    }
}
