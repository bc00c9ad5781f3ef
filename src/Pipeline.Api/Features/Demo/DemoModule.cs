namespace Pipeline.Api.Features.Demo;

/// <summary>The two data sets the app can fill an empty database with: a small realistic demo and a province-sized benchmark.</summary>
public static class DemoModule
{
    public static void AddDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DemoData>();
        builder.Services.AddScoped<ScaleData>();
    }
}
