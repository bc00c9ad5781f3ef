using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Pipeline.Api.Tests.Deployment;

/// <summary>The files in deploy/ that operators run: each compose file must be valid and agree with itself.</summary>
public partial class DeployFilesTests
{
    private static readonly string Deploy = Path.Combine(Infrastructure.AppProcess.RepositoryRoot, "deploy");

    private static readonly string[] Secrets = ["MSSQL_SA_PASSWORD", "POSTGRES_PASSWORD", "PIPELINE_SIGNING_KEY", "PIPELINE_ADMIN_PASSWORD"];

    /// <summary>Each compose file with its database service and the provider its instances use.</summary>
    public static TheoryData<string, string, string> ComposeFiles => new()
    {
        { "docker-compose.yml", "sqlserver", "SqlServer" },
        { "docker-compose.postgresql.yml", "postgres", "PostgreSql" },
    };

    /// <summary>Each compose file with the database secret it cannot start without.</summary>
    public static TheoryData<string, string> DatabaseSecrets => new()
    {
        { "docker-compose.yml", "MSSQL_SA_PASSWORD" },
        { "docker-compose.postgresql.yml", "POSTGRES_PASSWORD" },
    };

    [Theory]
    [InlineData("nginx.conf")]
    [InlineData("linux/nginx-pipeline.conf")]
    public void NginxFile_AnyAnswer_SendsHstsAlways(string file)
    {
        var text = File.ReadAllText(Path.Combine(Deploy, file));

        Assert.Matches(@"add_header\s+Strict-Transport-Security\s+""max-age=31536000; includeSubDomains""\s+always;", text);
    }

    [Fact]
    public void LinuxEnvironment_Example_NamesTheLocalProxy()
    {
        var text = File.ReadAllText(Path.Combine(Deploy, "linux", "pipeline.env.example"));

        Assert.Contains("\nPipeline__Proxy__KnownProxies=127.0.0.1", text);
    }

    [Theory]
    [MemberData(nameof(ComposeFiles))]
    public async Task ComposeFile_DockerComposeConfig_ValidWithTwoInstancesBehindNginxTrustingOnlyTheirNetwork(string file, string database, string provider)
    {
        var rendered = await ComposeAsync(file, "config");

        Assert.True(rendered.ExitCode == 0, rendered.Output);
        Assert.Equal(3, Regex.Matches(rendered.Output, $"Database__Provider: {provider}").Count);
        foreach (var service in new[] { database, "migrate", "api1", "api2", "nginx" })
        {
            Assert.Matches($"(?m)^  {service}:$", rendered.Output);
        }

        var subnet = SubnetPattern().Match(rendered.Output).Groups[1].Value;
        var trusted = KnownNetworksPattern().Matches(rendered.Output).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, trusted.Count);
        Assert.All(trusted, network => Assert.Equal(subnet, network));
        Assert.Contains("service_completed_successfully", rendered.Output);
    }

    [Theory]
    [MemberData(nameof(DatabaseSecrets))]
    public async Task ComposeFile_SecretsMissing_RefusesNamingTheVariable(string file, string secret)
    {
        var rendered = await ComposeAsync(file, "config", secrets: false);

        Assert.NotEqual(0, rendered.ExitCode);
        Assert.Contains(secret, rendered.Output);
    }

    private static async Task<(int ExitCode, string Output)> ComposeAsync(string file, string command, bool secrets = true)
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
        start.ArgumentList.Add(file);
        start.ArgumentList.Add(command);
        foreach (var name in Secrets)
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
