using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Pipeline.Api.Features.Auth;

/// <summary>
/// Checks a bearer token's signature and claims once, then remembers the result until the token expires: a client sends
/// the same token with every request, and checking an HMAC and parsing JSON each time costs more than the rest of a
/// small request. Revocation is unaffected: the security stamp is still checked per request (<see cref="UserStamps"/>).
/// </summary>
public sealed class ValidatedTokens(TimeProvider time) : JsonWebTokenHandler
{
    /// <summary>Enough for every signed-in user of a province; beyond it the memory starts over.</summary>
    private const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, TokenValidationResult> _valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(token, out var known))
        {
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

            _valid[token] = result;
        }

        return result;
    }
}
