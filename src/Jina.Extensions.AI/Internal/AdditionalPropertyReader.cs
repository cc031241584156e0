using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI;

/// <summary>Reads the Jina options of <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> the same way in every provider.</summary>
/// <remarks>
/// Values arrive as .NET values (<c>true</c>, <c>"retrieval.query"</c>, a <see cref="JinaTask"/>) or, when options were
/// deserialized, as <see cref="JsonElement"/>s; both read alike. A missing key means "not set", so the generator's default
/// applies; so does <see langword="null"/> (or JSON <c>null</c>) for a boolean, while a text option set to nothing asks for none.
/// </remarks>
internal static class AdditionalPropertyReader
{
    /// <summary>Reads a boolean option: a <see cref="bool"/>, the string <c>"true"</c> or <c>"false"</c> (any case), or their JSON forms.</summary>
    /// <param name="properties">The call's additional properties, or <see langword="null"/>.</param>
    /// <param name="key">The option's name, as the API spells it.</param>
    /// <returns>The value, or <see langword="null"/> when the option is not set.</returns>
    /// <exception cref="ArgumentException">The value is neither true nor false.</exception>
    public static bool? ReadBool(AdditionalPropertiesDictionary? properties, string key)
    {
        if (properties is null || !properties.TryGetValue(key, out object? value))
        {
            return null;
        }

        return value switch
        {
            null or JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
            bool b => b,
            string s when bool.TryParse(s, out bool parsed) => parsed,
            JsonElement { ValueKind: JsonValueKind.True } => true,
            JsonElement { ValueKind: JsonValueKind.False } => false,
            JsonElement { ValueKind: JsonValueKind.String } element when bool.TryParse(element.GetString(), out bool parsed) => parsed,
            _ => throw new ArgumentException(
                $"AdditionalProperties[\"{key}\"] must be true or false (a bool, or the string \"true\" or \"false\"), not '{value}'.", "options"),
        };
    }

    /// <summary>Reads a text option such as <c>task</c>: a string, a JSON string, or a <see cref="JinaTask"/>, trimmed.</summary>
    /// <param name="properties">The call's additional properties, or <see langword="null"/>.</param>
    /// <param name="key">The option's name, as the API spells it.</param>
    /// <param name="text">The trimmed text, or <see langword="null"/> when the value is null or blank: the call asks for none.</param>
    /// <returns><see langword="true"/> when the call sets the option, even to nothing; <see langword="false"/> when the default applies.</returns>
    /// <exception cref="ArgumentException">The value is neither a string nor a <see cref="JinaTask"/>: JSON other than a string, or another .NET value (a number, a boolean).</exception>
    public static bool TryReadString(AdditionalPropertiesDictionary? properties, string key, out string? text)
    {
        text = null;
        if (properties is null || !properties.TryGetValue(key, out object? value))
        {
            return false;
        }

        string? raw = value switch
        {
            null or JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            JsonElement element => throw new ArgumentException(
                $"AdditionalProperties[\"{key}\"] must be a string, not JSON {element.ValueKind} ({element.GetRawText()}).", "options"),
            JinaTask task => task.Value,
            _ => throw new ArgumentException(
                $"AdditionalProperties[\"{key}\"] must be a string or a JinaTask, not {value.GetType().Name} ({value}).", "options"),
        };

        text = string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();
        return true;
    }
}
