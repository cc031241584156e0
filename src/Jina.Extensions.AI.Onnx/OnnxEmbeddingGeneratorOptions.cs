namespace Jina.Extensions.AI.Onnx;

/// <summary>Represents the settings of an <see cref="OnnxEmbeddingGenerator"/>: which model to load, its defaults and how it runs.</summary>
public sealed class OnnxEmbeddingGeneratorOptions
{
    /// <summary>Gets or sets the path of an ONNX model file, or of a folder holding <c>model.onnx</c> (or <c>onnx/model.onnx</c>); <see langword="null"/> loads the bundled all-MiniLM-L6-v2.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Gets or sets the path of the tokenizer: a WordPiece <c>vocab.txt</c> or a SentencePiece <c>.model</c>; <see langword="null"/> looks for one next to the model.</summary>
    public string? TokenizerPath { get; set; }

    /// <summary>Gets or sets the model identifier reported in metadata and results; <see langword="null"/> takes the model's folder or file name.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the model's context in tokens, special tokens included; <see langword="null"/> uses 512, or 8192 for a graph with a <c>task_id</c> input (jina-embeddings-v3).</summary>
    public int? MaxInputTokens { get; set; }

    /// <summary>Gets or sets a value indicating whether a WordPiece vocabulary is lower-cased before tokenization (true for uncased models such as all-MiniLM-L6-v2).</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>Gets or sets the task used when a call names none (<c>text-matching</c> is fed to a graph that needs a <c>task_id</c>).</summary>
    public string? Task { get; set; }

    /// <summary>Gets or sets the default vector length (Matryoshka truncation); <see langword="null"/> returns the model's native length.</summary>
    public int? Dimensions { get; set; }

    /// <summary>Gets or sets a value indicating whether vectors are L2-normalised unless a call says otherwise.</summary>
    public bool Normalized { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether over-long inputs are cut to the context unless a call says otherwise (otherwise they fail).</summary>
    public bool Truncate { get; set; }

    /// <summary>Gets or sets a value indicating whether calls use late chunking unless they say otherwise.</summary>
    public bool LateChunking { get; set; }

    /// <summary>Gets or sets how many preceding tokens a late-chunking window carries as context when a document is longer than the model's context.</summary>
    public int LateChunkingOverlapTokens { get; set; } = 128;

    /// <summary>Gets or sets the most inputs one forward pass carries; inputs are sorted by length and padded only to the longest of their batch.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Gets or sets the number of threads ONNX Runtime uses inside one forward pass (its intra-op threads); the machine's processor count unless set.</summary>
    /// <remarks>
    /// One wide pass at a time is fastest on an otherwise idle machine (within 1% of a bare ONNX Runtime loop). Where other
    /// processes compete for the cores, 1 with <see cref="MaxConcurrentBatches"/> left at its default runs whole batches side by
    /// side instead, which avoids intra-op synchronisation and degrades more gracefully under load.
    /// </remarks>
    public int IntraOpNumThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>Gets or sets how many batches of one call run at the same time; <see langword="null"/> uses <see cref="Environment.ProcessorCount"/> divided by <see cref="IntraOpNumThreads"/>.</summary>
    public int? MaxConcurrentBatches { get; set; }

    /// <summary>Gets or sets the clock that stamps <c>Embedding.CreatedAt</c>, or <see langword="null"/> for the system clock.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
