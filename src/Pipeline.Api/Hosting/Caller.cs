using System.Security.Claims;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Hosting;

/// <summary>The signed-in user making the request, read from the bearer token's claims.</summary>
public sealed record Caller(long Id, string UserName, Role Roles, long? UnitId)
{
    public const string IdClaim = "sub";
    public const string NameClaim = "name";
    public const string RoleClaim = "role";
    public const string UnitClaim = "unit";
    public const string StampClaim = "stamp";
    public const string SessionClaim = "sid";

    public bool Is(Role role) => (Roles & role) != 0;

    public bool IsAdmin => Is(Role.Admin);

    /// <summary>Lets minimal-API handlers take a <see cref="Caller"/> parameter.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult(Of(context));

    /// <summary>
    /// The signed-in caller of the request: the one authentication kept for its user (<see cref="Keep"/>), or read from the
    /// claims. A request asks several times (its handler, its ETag, its audit entries), and each read parses claims.
    /// </summary>
    public static Caller? Of(HttpContext context) =>
        context.Features.Get<KeptCaller>() is { } kept && ReferenceEquals(kept.User, context.User) ? kept.Caller : From(context.User);

    /// <summary>Keeps the caller read from <paramref name="user"/>, whose token was accepted, for the rest of the request.</summary>
    public static void Keep(HttpContext context, ClaimsPrincipal user, Caller caller) => context.Features.Set(new KeptCaller(user, caller));

    private sealed record KeptCaller(ClaimsPrincipal User, Caller Caller);

    public static Caller? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || !long.TryParse(user.FindFirstValue(IdClaim), out var id))
        {
            return null;
        }

        var unit = user.FindFirstValue(UnitClaim);
        return new Caller(
            id,
            user.FindFirstValue(NameClaim) ?? "",
            Domain.Accounts.Roles.Parse(user.FindAll(RoleClaim).Select(c => c.Value)),
            long.TryParse(unit, out var unitId) ? unitId : null);
    }
}
