using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Benchmarks;

/// <summary>
/// HTTP load from Debian's tools, pinned to the load core: wrk for throughput (closed loop, as fast as the server
/// answers) and hey for latency at a fixed request rate. A run with any answer other than 2xx is an error, not a number.
/// </summary>
public static partial class HttpLoad
{
    public static bool Available => File.Exists("/usr/bin/wrk") && File.Exists("/usr/bin/hey");

    public static async Task<double> ThroughputAsync(Uri url, string? token, int seconds, string? luaScript = null, string? header = null)
    {
        var args = new List<string> { "wrk", "-t1", "-c16", $"-d{seconds}s", "--latency" };
        if (token is not null)
        {
            args.AddRange(["-H", $"Authorization: Bearer {token}"]);
        }

        if (header is not null)
        {
            args.AddRange(["-H", header]);
        }

        if (luaScript is not null)
        {
            args.AddRange(["-s", luaScript]);
        }

        args.Add(url.ToString());
        var output = await Harness.RunPinnedAsync(Harness.LoadCore, args);
        if (NonSuccess().Match(output) is { Success: true } failed)
        {
            throw new InvalidOperationException($"wrk got {failed.Groups[1].Value} answers other than 2xx from {url}:\n{output}");
        }

        return double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Median and 99th-percentile latency (ms) at <paramref name="rate"/> requests per second in all.</summary>
    public static async Task<(double P50, double P99)> LatencyAtRateAsync(Uri url, string token, int seconds, double rate)
    {
        const int workers = 8;
        var perWorker = Math.Max(1, (int)Math.Round(rate / workers));
        var output = await Harness.RunPinnedAsync(Harness.LoadCore,
        [
            "hey", "-z", $"{seconds}s", "-c", workers.ToString(CultureInfo.InvariantCulture), "-q", perWorker.ToString(CultureInfo.InvariantCulture),
            "-H", $"Authorization: Bearer {token}", url.ToString(),
        ]);
        var codes = StatusCodes().Matches(output).Select(m => m.Groups[1].Value).Distinct().ToList();
        if (codes.Any(c => c[0] != '2'))
        {
            throw new InvalidOperationException($"hey got answers {string.Join(", ", codes)} from {url}:\n{output}");
        }

        // hey prints no latency distribution when no request finished in the run (a machine loaded by others): not a number then.
        double Percentile(string p) => Regex.Match(output, $@"\s{p}% in ([0-9.]+) secs") is { Success: true } m
            ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1000
            : double.NaN;
        return (Percentile("50"), Percentile("99"));
    }

    /// <summary>A wrk script that asks for random projects among <paramref name="firstId"/>..<paramref name="lastId"/>.</summary>
    public static string RandomProjectScript(string directory, long firstId, long lastId)
    {
        var path = Path.Combine(directory, "random-project.lua");
        File.WriteAllText(path, $$"""
            math.randomseed(42)
            request = function()
              return wrk.format("GET", "/api/projects/" .. math.random({{firstId}}, {{lastId}}))
            end
            """);
        return path;
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"\[(\d{3})\]\s+\d+ responses")]
    private static partial Regex StatusCodes();
}
