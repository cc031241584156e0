using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Jina.Extensions.AI;

/// <summary>Represents the task adapter a Jina embedding model applies to its input, such as <c>retrieval.query</c>.</summary>
/// <remarks>
/// jina-embeddings-v3 has five task-specific LoRA adapters, exposed as static properties. Other task strings
/// (jina-embeddings-v4's <c>code.query</c>, for example) are accepted as they are.
/// </remarks>
[JsonConverter(typeof(JinaTaskJsonConverter))]
public readonly struct JinaTask : IEquatable<JinaTask>
{
    /// <summary>Gets the task for search queries in asymmetric retrieval (<c>retrieval.query</c>).</summary>
    public static JinaTask RetrievalQuery { get; } = new("retrieval.query");

    /// <summary>Gets the task for documents indexed for asymmetric retrieval (<c>retrieval.passage</c>).</summary>
    public static JinaTask RetrievalPassage { get; } = new("retrieval.passage");

    /// <summary>Gets the task for clustering and re-ranking (<c>separation</c>).</summary>
    public static JinaTask Separation { get; } = new("separation");

    /// <summary>Gets the task for classification (<c>classification</c>).</summary>
    public static JinaTask Classification { get; } = new("classification");

    /// <summary>Gets the task for symmetric similarity, closest to jina-embeddings-v2 (<c>text-matching</c>).</summary>
    public static JinaTask TextMatching { get; } = new("text-matching");

    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="JinaTask"/> struct with the task name the API expects.</summary>
    /// <param name="value">The task name, for example <c>retrieval.passage</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or whitespace.</exception>
    [JsonConstructor]
    public JinaTask(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value.Trim();
    }

    /// <summary>Gets the task name as the API spells it.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is one of jina-embeddings-v3's five tasks.</summary>
    public bool IsV3Task => JinaModels.V3.Tasks!.Contains(Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>Returns a value indicating whether two tasks are the same.</summary>
    public static bool operator ==(JinaTask left, JinaTask right) => left.Equals(right);

    /// <summary>Returns a value indicating whether two tasks differ.</summary>
    public static bool operator !=(JinaTask left, JinaTask right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(JinaTask other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is JinaTask other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
