using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Api.Tests.Infrastructure;

/// <summary>
/// A step every request passes before the app's own middleware: what a test host needs to play the network's part
/// (a peer's address, a client that hangs up).
/// </summary>
public sealed class BeforeTheApp(Func<HttpContext, RequestDelegate, Task> step) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(step);
        next(app);
    };
}
