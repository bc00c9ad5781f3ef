namespace Pipeline.Api.Hosting;

/// <summary>
/// Where the app keeps its files (<c>Pipeline:DataDirectory</c>, <c>data/</c> under the content root by default): the
/// SQLite database (password hashes, personal data) and the signing key, so on Unix only the app's own user may enter it (0700).
/// </summary>
public sealed record DataDirectory(string Path)
{
    public static DataDirectory From(IOptions<PipelineOptions> options, string contentRoot)
    {
        var path = System.IO.Path.GetFullPath(options.Value.DataDirectory, contentRoot);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new DataDirectory(path);
    }
}
