using Microsoft.Extensions.Options;

namespace Jina.Extensions.AI;

/// <summary>Validates the options a configuration section gives a component, naming each failing setting by its configuration path.</summary>
/// <remarks>It runs the component's own constructor checks, so what passes here builds the component, and what fails names the setting's configuration path.</remarks>
/// <typeparam name="TOptions">The options type.</typeparam>
/// <param name="optionsName">The name of the options instance it validates.</param>
/// <param name="settingPath">The configuration path of a setting, by option name, such as <c>Jina:Dimensions</c>.</param>
/// <param name="findInvalidSettings">The component's checks: each failing setting, by option name, and its message.</param>
internal sealed class JinaOptionsValidator<TOptions>(
    string optionsName, Func<string, string> settingPath, Func<TOptions, IReadOnlyList<(string Setting, string Message)>> findInvalidSettings)
    : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(name ?? Options.DefaultName, optionsName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        IReadOnlyList<(string Setting, string Message)> failures = findInvalidSettings(options);
        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures.Select(f => $"{settingPath(f.Setting)}: {f.Message}"));
    }
}
