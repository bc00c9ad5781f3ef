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

    private readonly ConcurrentDictionary<string, Accepted> _valid = new(StringComparer.Ordinal);

    /// <summary>Who a token names, with its security stamp and its session, as its claims say.</summary>
    public sealed record Bearer(Caller? Caller, string? Stamp, string? Session)
    {
        public static Bearer Of(ClaimsPrincipal principal) =>
            new(Caller.From(principal), principal.FindFirst(Caller.StampClaim)?.Value, principal.FindFirst(Caller.SessionClaim)?.Value);
    }

    private sealed record Accepted(TokenValidationResult Result, Bearer Bearer);

    /// <summary>
    /// The bearer of a token this handler accepted, read from its claims when it was accepted; read from
    /// <paramref name="principal"/> when the memory no longer holds the token (it starts over at capacity).
    /// </summary>
    public Bearer BearerOf(SecurityToken token, ClaimsPrincipal principal) =>
        token is JsonWebToken { EncodedToken: var encoded } && _valid.TryGetValue(encoded, out var accepted)
            ? accepted.Bearer
            : Bearer.Of(principal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(token, out var accepted))
        {
            var known = accepted.Result;
            if (known.SecurityToken.ValidTo > now - validationParameters.ClockSkew)
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    ClaimsIdentity = known.ClaimsIdentity.Clone(),
                    SecurityToken = known.SecurityToken,
                    TokenType = known.TokenType,
                    Issuer = known.Issuer,
                };
            }

            _valid.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
        {
            if (_valid.Count >= Capacity)
            {
                _valid.Clear();
            }

            _valid[token] = new Accepted(result, Bearer.Of(new ClaimsPrincipal(result.ClaimsIdentity)));
        }

        return result;
    }
}
