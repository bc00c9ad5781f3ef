using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pipeline.Api.Hosting;

/// <summary>Ready when the database answers and every migration is applied.</summary>
public sealed class DatabaseReadiness(Migrator migrator) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = migrator.Pending();
            return Task.FromResult(pending.Count == 0
                ? HealthCheckResult.Healthy("Database reachable and migrated.")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending."));
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Database unreachable."));
        }
    }
}
