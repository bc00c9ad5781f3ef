using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Pipeline.Api.Hosting;

namespace Pipeline.Api.Features.Auth;

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

/// <summary>The identity a token carries: enough to authorize without a database read.</summary>
public sealed record TokenSubject(long Id, string UserName, IReadOnlyList<string> Roles, long? UnitId, string SecurityStamp);

public sealed class TokenIssuer(SigningKey key, IOptions<AuthOptions> options, TimeProvider time)
{
    public const string Issuer = "pipeline";
    public const string Audience = "pipeline";
    private static readonly JsonWebTokenHandler Handler = new();

    public TokenResponse Issue(TokenSubject subject)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = TimeSpan.FromMinutes(options.Value.TokenLifetimeMinutes);
        var claims = new Dictionary<string, object>
        {
            [Caller.IdClaim] = subject.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [Caller.NameClaim] = subject.UserName,
            [Caller.RoleClaim] = subject.Roles.ToArray(),
            [Caller.StampClaim] = subject.SecurityStamp,
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
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = key.Credentials,
        });
        return new TokenResponse(token, "Bearer", (int)lifetime.TotalSeconds);
    }
}
