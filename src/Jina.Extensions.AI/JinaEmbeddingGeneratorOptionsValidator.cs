using Microsoft.Extensions.Options;

namespace Jina.Extensions.AI;

/// <summary>Validates the options a configuration section gives a <see cref="JinaEmbeddingGenerator"/>, naming each failing setting by its configuration path.</summary>
/// <remarks>It runs the generator's own checks, so what passes here builds a generator, and what fails names <c>{section}:{setting}</c>.</remarks>
/// <param name="optionsName">The name of the options instance it validates.</param>
/// <param name="sectionPath">The configuration section the options were bound from, such as <c>Jina</c>.</param>
internal sealed class JinaEmbeddingGeneratorOptionsValidator(string optionsName, string sectionPath) : IValidateOptions<JinaEmbeddingGeneratorOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, JinaEmbeddingGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(name ?? Options.DefaultName, optionsName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        IReadOnlyList<(string Setting, string Message)> failures = JinaEmbeddingGenerator.FindInvalidSettings(options);
        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures.Select(f => $"{sectionPath}:{f.Setting}: {f.Message}"));
    }
}
