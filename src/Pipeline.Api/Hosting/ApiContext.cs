namespace Pipeline.Api.Hosting;

/// <summary>
/// What nearly every handler needs, bound in one <c>[AsParameters]</c> argument: who is calling, the database, the audit
/// trail, the city's clock and the request's cancellation.
/// </summary>
public readonly record struct ApiContext(Caller Caller, Db Db, AuditLog Audit, BusinessClock Clock, CancellationToken Ct);
