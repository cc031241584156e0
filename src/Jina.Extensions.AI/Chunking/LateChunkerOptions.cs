using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace Jina.Extensions.AI;

/// <summary>Represents the options of a <see cref="LateChunker"/>.</summary>
public sealed class LateChunkerOptions
{
    /// <summary>Gets or sets how documents are cut into chunks; <see cref="ChunkSplitter.Sentences"/> by default.</summary>
    public ChunkSplitter Splitter { get; set; } = ChunkSplitter.Sentences;

    /// <summary>Gets or sets the most tokens a chunk may have before it is split further at the best boundary inside it.</summary>
    /// <remarks>
    /// <see langword="null"/> (the default) means 512, always kept small enough for a chunk and its overlap to fit one
    /// window. Chunks passed to <see cref="LateChunker.EmbedChunksAsync"/> are never split.
    /// </remarks>
    public int? MaxChunkTokens { get; set; }

    /// <summary>Gets or sets the most tokens one request (a window of consecutive chunks) may have.</summary>
    /// <remarks>
    /// <see langword="null"/> (the default) means the model's context as the generator reports it
    /// (<see cref="EmbeddingModelCapabilities.MaxInputTokens"/>: 8192 for jina-embeddings-v3), or 8192 when it reports none.
    /// A value above the model's context is lowered to it. Each window leaves room within it for the model's special tokens
    /// and, for the retrieval tasks, for the instruction jina-embeddings-v3 reads before the text.
    /// </remarks>
    public int? MaxWindowTokens { get; set; }

    /// <summary>Gets or sets the most chunks one request may carry.</summary>
    /// <remarks><see langword="null"/> (the default) means the model's limit (2048 for jina-embeddings-v3), or 2048 when the generator reports none.</remarks>
    public int? MaxInputsPerRequest { get; set; }

    /// <summary>Gets or sets how many tokens of preceding chunks each window after the first carries as context only.</summary>
    /// <remarks>
    /// <see langword="null"/> (the default) means an eighth of the room a window has for chunks (1,022 tokens for jina-embeddings-v3 through the API, 63 for a
    /// 512-token local model); any value is capped at half of it. Context tokens are encoded again, so more overlap costs
    /// more. The overlap chunks' vectors from the later window are dropped: every chunk's vector comes from the window that owns it.
    /// </remarks>
    public int? OverlapTokens { get; set; }

    /// <summary>Gets or sets how many windows of one document are embedded at the same time; 4 by default.</summary>
    public int MaxConcurrentWindows { get; set; } = 4;

    /// <summary>Gets or sets the tokenizer that counts tokens.</summary>
    /// <remarks>
    /// <see langword="null"/> (the default) means the generator's own (<see cref="EmbeddingModelCapabilities.Tokenizer"/>,
    /// which the local engine reports), or, for the remote API, a conservative estimate that does not undercount
    /// CJK or Latin text.
    /// </remarks>
    public Tokenizer? Tokenizer { get; set; }

    /// <summary>Gets or sets the options sent with every request; <c>late_chunking</c> is always set, the <c>retrieval.passage</c> task and <c>truncate=false</c> unless given here.</summary>
    public EmbeddingGenerationOptions? EmbeddingOptions { get; set; }
}
