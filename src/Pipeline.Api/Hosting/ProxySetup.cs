using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Pipeline.Api.Hosting;

/// <summary><c>Pipeline:Proxy</c>: the proxies whose forwarded headers are believed.</summary>
public sealed class ProxyOptions : ISettings
{
    public static string Section => "Pipeline:Proxy";

    /// <summary>Proxy addresses; none by default, so no forwarded header is believed until a proxy is named (loopback included).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. <c>172.28.0.0/16</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies deep to read <c>X-Forwarded-For</c>.</summary>
    public int ForwardLimit { get; set; } = 1;

    public IEnumerable<string> Problems()
    {
        foreach (var address in KnownProxies.Where(a => !IPAddress.TryParse(a, out _)))
        {
            yield return $"{Section}:KnownProxies has '{address}', which is not an IP address.";
        }

        foreach (var network in KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            yield return $"{Section}:KnownNetworks has '{network}', which is not a CIDR range such as 172.20.0.0/16.";
        }

        if (ForwardLimit < 1)
        {
            yield return $"{Section}:ForwardLimit must be at least 1 (it is {ForwardLimit}).";
        }
    }
}

/// <summary>
/// Behind nginx or IIS the client's address and scheme arrive in X-Forwarded-For/-Proto. They are believed only from the
/// proxies named in <c>Pipeline:Proxy:KnownProxies</c> (addresses) or <c>Pipeline:Proxy:KnownNetworks</c> (CIDR ranges),
/// so that the audit trail, the sign-in rate limit (per client address) and the dashboard cookie's Secure flag see the
/// real client; anyone else could forge the headers. Nothing is trusted by default, not even loopback: any local process could
/// otherwise pick its rate-limit bucket and the address in the audit trail. A proxy on the same host is named as 127.0.0.1.
/// </summary>
public static class ProxySetup
{
    public static void AddPipelineProxy(this IServiceCollection services)
    {
        services.AddSettings<ProxyOptions>().PostConfigure<IConfiguration>((options, configuration) =>
        {
            // A comma-separated value is easier in an environment variable than an indexed list.
            options.KnownProxies = Joined(configuration, "KnownProxies") ?? options.KnownProxies;
            options.KnownNetworks = Joined(configuration, "KnownNetworks") ?? options.KnownNetworks;
        });
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((options, proxy) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = proxy.Value.ForwardLimit;
            // The framework trusts loopback out of the box, in the old list of networks as well as the new one: only the configured count.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005, CS0618
            options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005, CS0618
            foreach (var address in proxy.Value.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in proxy.Value.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
    }

    /// <summary>
    /// First in the pipeline, so that everything after it sees the client's address and scheme. With no proxy configured the
    /// middleware is left out altogether: given empty lists it would believe the headers from anyone.
    /// </summary>
    public static void UsePipelineProxy(this WebApplication app)
    {
        var proxy = app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value;
        if (proxy.KnownProxies.Count > 0 || proxy.KnownNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }
    }

    private static List<string>? Joined(IConfiguration configuration, string key) =>
        configuration[$"{ProxyOptions.Section}:{key}"] is { Length: > 0 } joined
            ? [.. joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : null;
}
