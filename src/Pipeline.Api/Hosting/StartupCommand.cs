using Pipeline.Api.Features.Auth;

namespace Pipeline.Api.Hosting;

/// <summary>
/// What the executable was asked to do: serve (the default), <c>migrate</c> (apply migrations and exit),
/// <c>backup &lt;file&gt;</c> (an online copy of the SQLite database), <c>seed --projects N --seed S</c> (fill an empty
/// database with a large deterministic data set for benchmarks, then exit), <c>verify-audit</c> (walk the audit trail's hash
/// chain and report the first broken link; exit code 0 when whole, 2 when broken) and <c>--demo</c> (fill an empty database
/// with a small realistic data set, then serve). Our own arguments are taken out before the rest reach the host (e.g. <c>--urls</c>).
/// </summary>
public sealed record StartupCommand(string? Name, bool Demo, string[] HostArgs)
{
    public const string Migrate = "migrate";
    public const string Backup = "backup";
    public const string Seed = "seed";
    public const string VerifyAudit = "verify-audit";

    /// <summary>Where <c>backup</c> writes.</summary>
    public string? Target { get; init; }

    /// <summary>What <c>seed</c> generates: how many projects, from which random seed.</summary>
    public (int Projects, int Seed) Scale { get; init; }

    public static StartupCommand Parse(string[] args)
    {
        var name = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
        if (name is not null and not Migrate and not Backup and not Seed and not VerifyAudit)
        {
            throw new ConfigurationProblem($"Unknown command '{name}'. Commands: {Migrate}, {Backup} <file>, {Seed} --projects N [--seed S], {VerifyAudit}. Switches: --demo.");
        }

        var rest = args.Skip(name is null ? 0 : 1).ToList();
        string? target = null;
        if (name == Backup)
        {
            if (rest.Count == 0 || rest[0].StartsWith('-'))
            {
                throw new ConfigurationProblem("Say where to write the backup: backup <file>.");
            }

            target = rest[0];
            rest.RemoveAt(0);
        }

        var scale = name == Seed
            ? (Number(rest, "--projects") ?? throw new ConfigurationProblem("Say how many projects to generate: seed --projects 100000 [--seed 42]."),
               Number(rest, "--seed") ?? 42)
            : default;
        var demo = rest.Remove("--demo");
        return new StartupCommand(name, demo, [.. rest]) { Target = target, Scale = scale };
    }

    /// <summary>Takes <c>--option N</c> out of <paramref name="args"/>.</summary>
    private static int? Number(List<string> args, string option)
    {
        var at = args.IndexOf(option);
        if (at < 0)
        {
            return null;
        }

        if (at + 1 >= args.Count || !int.TryParse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new ConfigurationProblem($"{option} takes a whole number, e.g. {option} 42.");
        }

        args.RemoveRange(at, 2);
        return value;
    }
}

public static class Startup
{
    /// <summary>Prepares the database (migrations, first admin, demo data), then runs the command or serves until stopped.</summary>
    public static async Task<int> RunPipelineAsync(this WebApplication app, StartupCommand command)
    {
        // Every setting is checked before anything touches the database: a bad value stops here, naming the setting.
        app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        foreach (var warning in settings.Warnings)
        {
            app.Logger.LogWarning("{Warning}", warning);
        }

        var migrator = app.Services.GetRequiredService<Migrator>();
        if (command.Name == StartupCommand.Backup)
        {
            var size = DatabaseBackup.Write(settings, command.Target!);
            app.Logger.LogInformation("Backed up the database to {Target} ({Size:N0} bytes).", command.Target, size);
            return 0;
        }

        if (command.Name == StartupCommand.Seed)
        {
            migrator.Migrate();
            await using var seeding = app.Services.CreateAsyncScope();
            await seeding.ServiceProvider.GetRequiredService<BootstrapAdmin>().EnsureAsync(app.Lifetime.ApplicationStopping);
            await seeding.ServiceProvider.GetRequiredService<Features.Demo.ScaleData>()
                .SeedAsync(command.Scale.Projects, command.Scale.Seed, app.Lifetime.ApplicationStopping);
            return 0;
        }

        if (command.Name == StartupCommand.Migrate)
        {
            var applied = migrator.Migrate();
            app.Logger.LogInformation("The {Provider} database is up to date ({Count} migration(s) applied now).", settings.Provider, applied.Count);
            return 0;
        }

        if (command.Name == StartupCommand.VerifyAudit)
        {
            await using var session = await app.Services.GetRequiredService<Db>().OpenAsync(app.Lifetime.ApplicationStopping);
            var (count, brokenAt) = Features.Audit.AuditChain.Verify(session);
            await Console.Out.WriteLineAsync(brokenAt is { } id
                ? $"The audit trail is broken at entry {id}: its hash does not follow from the entry before it ({count} entries checked)."
                : $"The audit trail is whole: {count} chained entries checked.");
            return brokenAt is null ? 0 : 2;
        }

        if (settings.MigrateOnStart)
        {
            migrator.Migrate();
        }
        else if (migrator.Pending() is { Count: > 0 } pending)
        {
            throw new ConfigurationProblem(
                $"The database is not migrated ({pending.Count} script(s) pending, from {pending[0]}). Run the migrate command first: " +
                "'Pipeline.Api migrate' (or 'dotnet run --project src/Pipeline.Api -- migrate'), then start the app again.");
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BootstrapAdmin>().EnsureAsync(app.Lifetime.ApplicationStopping);
            if (command.Demo)
            {
                await scope.ServiceProvider.GetRequiredService<Features.Demo.DemoData>().SeedAsync(app.Lifetime.ApplicationStopping);
            }
        }

        await app.StartJobsAsync(app.Lifetime.ApplicationStopping);
        await app.RunAsync();
        return 0;
    }
}
