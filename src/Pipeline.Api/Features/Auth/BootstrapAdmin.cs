using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Pipeline.Api.Features.Users;
using Pipeline.Domain.Accounts;

namespace Pipeline.Api.Features.Auth;

/// <summary>
/// When the database has no user at start-up, creates the first admin from <c>Pipeline:Bootstrap</c>; with no
/// password configured, generates one and prints it once to the log. Instances starting together create one admin.
/// </summary>
public sealed class BootstrapAdmin(
    Db db, IPasswordHasher<Account> hasher, IOptions<BootstrapOptions> options, AuditLog audit, BusinessClock clock,
    ILogger<BootstrapAdmin> logger)
{
    public async Task EnsureAsync(CancellationToken ct)
    {
        await using var session = await db.BeginAsync(ct);
        if (await UserStore.AnyAsync(session))
        {
            return;
        }

        var userName = options.Value.AdminUserName;
        var password = options.Value.AdminPassword;
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = Generate();
        }
        else if (PasswordPolicy.Problem(password!) is { } weak)
        {
            throw new ConfigurationProblem($"Pipeline:Bootstrap:AdminPassword is too weak: {weak}");
        }

        try
        {
            var id = await UserStore.InsertAsync(session, new NewUser(
                userName, "系统管理员", hasher.HashPassword(Account.Instance, password!), [Roles.Admin, Roles.SecurityAdmin], null, null, null), clock.UtcNow);
            if (generated)
            {
                // A password that went through the log must not stay: the workspace asks for a new one at first sign-in.
                await UserStore.RequirePasswordChangeAsync(session, id);
            }

            await audit.WriteAsync(session, new AuditEntry("create", "user", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditLog.Ok, "bootstrap admin", null, "system"));
            await session.CommitAsync();
        }
        catch (System.Data.Common.DbException e) when (session.IsUniqueViolation(e))
        {
            // Another instance starting at the same moment created the admin first.
            return;
        }

        if (generated)
        {
            logger.LogWarning(
                "Created the first admin '{UserName}' with the generated password {Password} — it is shown only this once; sign in and change it (POST /api/me/password).",
                userName, password);
        }
        else
        {
            logger.LogInformation("Created the first admin '{UserName}' with the configured password.", userName);
        }
    }

    /// <summary>16 characters from upper, lower, digits and symbols, always meeting the password policy.</summary>
    public static string Generate()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "!@#$%^&*-_+=";
        const string all = upper + lower + digits + symbols;
        var chars = new char[16];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
