using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Pipeline.Api.Features.Auth;

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

/// <summary>The identity a token carries: enough to authorize without a database read.</summary>
public sealed record TokenSubject(long Id, string UserName, IReadOnlyList<string> Roles, long? UnitId, string SecurityStamp, string SessionId);

public sealed class TokenIssuer(SigningKey key, TimeProvider time)
{
    public const string Issuer = "pipeline";
    public const string Audience = "pipeline";
    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>
    /// A token for <paramref name="subject"/>'s session, valid until the session's absolute end: its start plus the session
    /// lifetime in effect (<see cref="Security.SecurityPolicy.SessionLifetimeMinutes"/>).
    /// </summary>
    public TokenResponse Issue(TokenSubject subject, DateTime sessionStarted, Security.SecurityPolicy policy)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var expires = sessionStarted + TimeSpan.FromMinutes(policy.SessionLifetimeMinutes);
        var lifetime = expires > now ? expires - now : TimeSpan.Zero;
        var claims = new Dictionary<string, object>
        {
            [Caller.IdClaim] = subject.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [Caller.NameClaim] = subject.UserName,
            [Caller.RoleClaim] = subject.Roles.ToArray(),
            [Caller.StampClaim] = subject.SecurityStamp,
            [Caller.SessionClaim] = subject.SessionId,
        };
        if (subject.UnitId is { } unit)
        {
            claims[Caller.UnitClaim] = unit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            Claims = claims,
            SigningCredentials = key.Credentials,
        });
        return new TokenResponse(token, "Bearer", (int)lifetime.TotalSeconds);
    }
}
