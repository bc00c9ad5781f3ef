using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Pipeline.Api.Hosting;

/// <summary>
/// Behind nginx or IIS the client's address and scheme arrive in X-Forwarded-For/-Proto. They are believed only from the
/// proxies named in <c>Pipeline:Proxy:KnownProxies</c> (addresses) or <c>Pipeline:Proxy:KnownNetworks</c> (CIDR ranges),
/// so that the audit trail, the sign-in rate limit (per client address) and the dashboard cookie's Secure flag see the
/// real client; anyone else could forge the headers. Loopback is trusted by default (a proxy on the same host).
/// </summary>
public static class ProxySetup
{
    public const string Section = "Pipeline:Proxy";

    public static void AddPipelineProxy(this WebApplicationBuilder builder) =>
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            var section = configuration.GetSection(Section);
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = section.GetValue("ForwardLimit", 1);
            foreach (var address in List(section, "KnownProxies"))
            {
                options.KnownProxies.Add(IPAddress.TryParse(address, out var ip)
                    ? ip
                    : throw new Data.ConfigurationProblem($"{Section}:KnownProxies has '{address}', which is not an IP address."));
            }

            foreach (var network in List(section, "KnownNetworks"))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range)
                    ? range
                    : throw new Data.ConfigurationProblem($"{Section}:KnownNetworks has '{network}', which is not a CIDR range such as 172.20.0.0/16."));
            }
        });

    /// <summary>First in the pipeline, so that everything after it sees the client's address and scheme.</summary>
    public static void UsePipelineProxy(this WebApplication app) => app.UseForwardedHeaders();

    /// <summary>A comma-separated value (easy in an environment variable) or a JSON array.</summary>
    private static IEnumerable<string> List(IConfiguration section, string key) =>
        section[key] is { Length: > 0 } joined
            ? joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetSection(key).GetChildren().Select(c => c.Value).OfType<string>();
}
