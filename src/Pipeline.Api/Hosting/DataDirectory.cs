using Microsoft.Extensions.Options;

namespace Pipeline.Api.Hosting;

/// <summary>Where the app keeps its files (<c>Pipeline:DataDirectory</c>, <c>data/</c> under the content root by default).</summary>
public sealed record DataDirectory(string Path)
{
    public static DataDirectory From(IOptions<PipelineOptions> options, string contentRoot)
    {
        var path = System.IO.Path.GetFullPath(options.Value.DataDirectory, contentRoot);
        Directory.CreateDirectory(path);
        return new DataDirectory(path);
    }
}
