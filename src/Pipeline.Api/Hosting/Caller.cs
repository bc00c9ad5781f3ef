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
    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult(From(context.User));

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
