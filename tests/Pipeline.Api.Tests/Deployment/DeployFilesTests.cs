using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Pipeline.Api.Tests.Deployment;

/// <summary>The files in deploy/ that operators run: the compose file must be valid and agree with itself.</summary>
public partial class DeployFilesTests
{
    private static readonly string Deploy = Path.Combine(Infrastructure.AppProcess.RepositoryRoot, "deploy");

    [Fact]
    public async Task ComposeFile_DockerComposeConfig_ValidWithTwoInstancesBehindNginxTrustingOnlyTheirNetwork()
    {
        var rendered = await ComposeAsync("config");

        Assert.True(rendered.ExitCode == 0, rendered.Output);
        foreach (var service in new[] { "sqlserver", "migrate", "api1", "api2", "nginx" })
        {
            Assert.Matches($"(?m)^  {service}:$", rendered.Output);
        }

        var subnet = SubnetPattern().Match(rendered.Output).Groups[1].Value;
        var trusted = KnownNetworksPattern().Matches(rendered.Output).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, trusted.Count);
        Assert.All(trusted, network => Assert.Equal(subnet, network));
        Assert.Contains("service_completed_successfully", rendered.Output);
    }

    [Fact]
    public async Task ComposeFile_SecretsMissing_RefusesNamingTheVariable()
    {
        var rendered = await ComposeAsync("config", secrets: false);

        Assert.NotEqual(0, rendered.ExitCode);
        Assert.Contains("MSSQL_SA_PASSWORD", rendered.Output);
    }

    private static async Task<(int ExitCode, string Output)> ComposeAsync(string command, bool secrets = true)
    {
        var compose = new[] { "/usr/bin/docker-compose", "/usr/local/bin/docker-compose" }.FirstOrDefault(File.Exists);
        if (compose is null)
        {
            Assert.Skip("docker-compose is not installed (.ci/run installs Debian's).");
        }

        var start = new ProcessStartInfo(compose)
        {
            WorkingDirectory = Deploy,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add("docker-compose.yml");
        start.ArgumentList.Add(command);
        foreach (var name in new[] { "MSSQL_SA_PASSWORD", "PIPELINE_SIGNING_KEY", "PIPELINE_ADMIN_PASSWORD" })
        {
            start.Environment.Remove(name);
            if (secrets)
            {
                start.Environment[name] = "test-value";
            }
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"subnet: (\S+)")]
    private static partial Regex SubnetPattern();

    [GeneratedRegex(@"Pipeline__Proxy__KnownNetworks: (\S+)")]
    private static partial Regex KnownNetworksPattern();
}
