namespace Jina.Extensions.AI;

/// <summary>Provides the <see cref="Microsoft.Extensions.AI.EmbeddingGenerationOptions.AdditionalProperties"/> keys this library reads, spelled as the Jina API spells its fields.</summary>
/// <remarks>Values are stored as plain strings and booleans so that caching layers hash them into their keys.</remarks>
public static class JinaPropertyNames
{
    /// <summary>The task adapter, a string such as <c>retrieval.passage</c> (a <see cref="JinaTask"/> is accepted too).</summary>
    public const string Task = "task";

    /// <summary>Whether the inputs are consecutive chunks of one document to be embedded with late chunking (a <see cref="bool"/>).</summary>
    public const string LateChunking = "late_chunking";

    /// <summary>Whether the vectors are L2-normalised (a <see cref="bool"/>).</summary>
    public const string Normalized = "normalized";

    /// <summary>Whether over-long inputs are cut to the model's limit instead of failing (a <see cref="bool"/>).</summary>
    public const string Truncate = "truncate";

    /// <summary>The wire encoding of the vectors (<c>base64</c>, the default, or <c>float</c>).</summary>
    public const string EmbeddingType = "embedding_type";
}
