namespace Pipeline.Api.Hosting;

/// <summary>
/// An options class bound from one configuration section and checked when the app starts: a bad value stops start-up
/// with a message that names the setting, instead of surfacing as odd behaviour weeks later.
/// </summary>
public interface ISettings
{
    static abstract string Section { get; }

    /// <summary>Every value that cannot work, as a message naming the setting (e.g. "Pipeline:Review:Quorum must be at least 1").</summary>
    IEnumerable<string> Problems();
}

public static class SettingsRegistration
{
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services)
        where T : class, ISettings
    {
        services.AddSingleton<IValidateOptions<T>, Validator<T>>();
        return services.AddOptions<T>().BindConfiguration(T.Section).ValidateOnStart();
    }

    /// <summary>The section's values as bound now, for the few settings that shape the service registrations themselves.</summary>
    public static T ReadSettings<T>(this IConfiguration configuration)
        where T : class, ISettings, new() =>
        configuration.GetSection(T.Section).Get<T>() ?? new T();

    /// <summary>The messages of every failed settings check in <paramref name="exception"/> (one, or several at once); empty for any other error.</summary>
    public static IReadOnlyList<string> Failures(Exception exception) => exception switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        AggregateException { InnerExceptions: var inner } when inner.All(e => e is OptionsValidationException) =>
            [.. inner.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => [],
    };

    private sealed class Validator<T> : IValidateOptions<T>
        where T : class, ISettings
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
