using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Pipeline.Api.Features.Auth;
using Pipeline.Api.Hosting;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Tests.Features.Auth;

public class ValidatedTokensTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private static readonly SymmetricSecurityKey Key = new("validated-tokens-test-key-0123456789-0123456789"u8.ToArray());

    private static readonly TokenValidationParameters Parameters = new()
    {
        ValidIssuer = TokenIssuer.Issuer,
        ValidAudience = TokenIssuer.Audience,
        IssuerSigningKey = Key,
        NameClaimType = Caller.NameClaim,
        RoleClaimType = Caller.RoleClaim,
        LifetimeValidator = (_, expires, _, _) => expires > Now.UtcDateTime,
    };

    [Fact]
    public async Task BearerOf_TokenItAccepted_ClaimsReadOnceWhenAccepted()
    {
        var tokens = new ValidatedTokens(new FakeTimeProvider(Now)) { MapInboundClaims = false };
        var result = await tokens.ValidateTokenAsync(Token(id: 7, unit: 3, "stamp-a", "session-a", "staff", "committee"), Parameters);
        var identity = result.ClaimsIdentity;
        identity.RemoveClaim(identity.FindFirst(Caller.StampClaim));

        var bearer = ValidatedTokens.BearerOf(new ClaimsPrincipal(identity));

        Assert.True(result.IsValid);
        Assert.Equal(new Caller(7, "wang", Role.Staff | Role.Committee, 3), bearer.Caller);
        Assert.Equal(("stamp-a", "session-a"), (bearer.Stamp, bearer.Session));
    }

    [Fact]
    public async Task ValidateTokenAsync_SameTokenTwice_EachAnIdentityOfItsOwnWithTheSameBearer()
    {
        var tokens = new ValidatedTokens(new FakeTimeProvider(Now)) { MapInboundClaims = false };
        var token = Token(id: 8, unit: null, "stamp-b", "session-b", "leader");
        var first = await tokens.ValidateTokenAsync(token, Parameters);
        first.ClaimsIdentity.AddClaim(new Claim(Caller.RoleClaim, "admin"));

        var again = await tokens.ValidateTokenAsync(token, Parameters);
        var bearer = ValidatedTokens.BearerOf(new ClaimsPrincipal(again.ClaimsIdentity));

        Assert.True(again.IsValid);
        Assert.Equal(["leader"], again.ClaimsIdentity.FindAll(Caller.RoleClaim).Select(c => c.Value));
        Assert.Equal(new Caller(8, "wang", Role.Leader, null), bearer.Caller);
        Assert.Equal(("stamp-b", "session-b"), (bearer.Stamp, bearer.Session));
    }

    [Fact]
    public void BearerOf_IdentityNotFromTheHandler_ReadFromItsClaims()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", "9"), new Claim("name", "li"), new Claim("role", "admin"), new Claim("unit", "4"), new Claim("stamp", "stamp-c"), new Claim("sid", "session-c")],
            "Bearer", Caller.NameClaim, Caller.RoleClaim));

        var bearer = ValidatedTokens.BearerOf(principal);

        Assert.Equal(new Caller(9, "li", Role.Admin, 4), bearer.Caller);
        Assert.Equal(("stamp-c", "session-c"), (bearer.Stamp, bearer.Session));
    }

    private static string Token(long id, long? unit, string stamp, string session, params string[] roles)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = id.ToString(CultureInfo.InvariantCulture),
            ["name"] = "wang",
            ["role"] = roles,
            ["stamp"] = stamp,
            ["sid"] = session,
        };
        if (unit is { } u)
        {
            claims["unit"] = u.ToString(CultureInfo.InvariantCulture);
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenIssuer.Issuer,
            Audience = TokenIssuer.Audience,
            Expires = Now.UtcDateTime.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }
}
