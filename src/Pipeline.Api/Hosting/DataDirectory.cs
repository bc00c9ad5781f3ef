namespace Pipeline.Api.Hosting;

/// <summary>Where the app keeps its files (<c>Pipeline:DataDirectory</c>, <c>data/</c> under the content root by default).</summary>
public sealed record DataDirectory(string Path)
{
    public static DataDirectory From(IConfiguration configuration, string contentRoot)
    {
        var path = System.IO.Path.GetFullPath(configuration["Pipeline:DataDirectory"] ?? "data", contentRoot);
        Directory.CreateDirectory(path);
        return new DataDirectory(path);
    }
}
