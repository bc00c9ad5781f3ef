using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Pipeline.Api.Features.Auth;

/// <summary>
/// Checks a bearer token's signature and claims once, then remembers the result, and what its claims say of the bearer,
/// until the token expires: a client sends the same token with every request, and checking an HMAC and parsing JSON and
/// claims each time costs more than the rest of a small request. Revocation is unaffected: the security stamp is still
/// checked per request (<see cref="UserStamps"/>).
/// </summary>
public sealed class ValidatedTokens(TimeProvider time) : JsonWebTokenHandler
{
    /// <summary>Enough for every signed-in user of a province; beyond it the memory starts over.</summary>
    private const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, TokenValidationResult> _valid = new(StringComparer.Ordinal);

    /// <summary>Who a token names, with its security stamp and its session, as its claims say.</summary>
    public sealed record Bearer(Caller? Caller, string? Stamp, string? Session)
    {
        public static Bearer Of(ClaimsPrincipal principal) =>
            new(Caller.From(principal), principal.FindFirst(Caller.StampClaim)?.Value, principal.FindFirst(Caller.SessionClaim)?.Value);
    }

    /// <summary>
    /// The bearer of <paramref name="principal"/>: read from the claims when its token was accepted, carried by the
    /// identity this handler gave it; read from its claims now for any other identity.
    /// </summary>
    public static Bearer BearerOf(ClaimsPrincipal principal) =>
        principal.Identity is BearerIdentity { Bearer: var bearer } ? bearer : Bearer.Of(principal);

    /// <summary>A token's identity with its bearer, which every copy of it (one per request) carries along.</summary>
    private sealed class BearerIdentity(ClaimsIdentity claims, Bearer bearer) : ClaimsIdentity(claims)
    {
        public Bearer Bearer => bearer;

        public override ClaimsIdentity Clone() => new BearerIdentity(this, bearer);
    }

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(token, out var known))
        {
            if (known.SecurityToken.ValidTo > now - validationParameters.ClockSkew)
            {
                return CopyFor(known);
            }

            _valid.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (!result.IsValid)
        {
            return result;
        }

        if (_valid.Count >= Capacity)
        {
            _valid.Clear();
        }

        result.ClaimsIdentity = new BearerIdentity(result.ClaimsIdentity, Bearer.Of(new ClaimsPrincipal(result.ClaimsIdentity)));
        _valid[token] = result;
        return CopyFor(result);
    }

    // Each request gets an identity of its own, the first one too, so what one request does to it stays out of the next.
    private static TokenValidationResult CopyFor(TokenValidationResult known) => new()
    {
        IsValid = true,
        ClaimsIdentity = known.ClaimsIdentity.Clone(),
        SecurityToken = known.SecurityToken,
        TokenType = known.TokenType,
        Issuer = known.Issuer,
    };
}
