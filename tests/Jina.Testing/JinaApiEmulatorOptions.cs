using Microsoft.Extensions.AI;

namespace Jina.Testing;

/// <summary>Represents the settings of a <see cref="JinaApiEmulator"/>.</summary>
public sealed class JinaApiEmulatorOptions
{
    /// <summary>The API key the emulator accepts unless told otherwise. It is a test value, not a real key.</summary>
    public const string DefaultApiKey = "jina_emulator_test_key_0123456789abcdef";

    /// <summary>Gets or sets the API key requests must carry as <c>Authorization: Bearer {key}</c>.</summary>
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>Gets or sets the generator whose vectors the emulator serves, or <see langword="null"/> for the deterministic <see cref="HashEmbeddingGenerator"/>.</summary>
    /// <remarks>
    /// The request's <c>task</c>, <c>late_chunking</c>, <c>normalized</c> and <c>truncate</c> reach it through
    /// <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> under the API's names, and <c>dimensions</c> through
    /// <see cref="EmbeddingGenerationOptions.Dimensions"/>. When its native size is smaller than the model's, larger
    /// <c>dimensions</c> are answered with 422 and requests without <c>dimensions</c> get its native size.
    /// </remarks>
    public IEmbeddingGenerator<string, Embedding<float>>? Embedder { get; set; }

    /// <summary>Gets or sets the token counter for one input's text, without special tokens, or <see langword="null"/> for <see cref="JinaApiEmulatorTokenCounter.CountTextTokens"/>.</summary>
    public Func<string, int>? TokenCounter { get; set; }

    /// <summary>Gets or sets the most tokens one input (or one late-chunked request) may have for 8192-token models; models with a longer context scale with it (v4: four times as many).</summary>
    public int MaxInputTokens { get; set; } = 8192;

    /// <summary>Gets or sets the tokens charged for one image or PDF, 1,000 unless set.</summary>
    /// <remarks>Jina's API description does not say what an image costs; this is the emulator's own figure, for tests of the rate limits.</remarks>
    public int MediaTokens { get; set; } = 1_000;

    /// <summary>Gets or sets the models served, <see cref="JinaApiEmulatorModel.Served"/> unless set; add one to serve a model the client does not know.</summary>
    public IReadOnlyList<JinaApiEmulatorModel> Models { get; set; } = JinaApiEmulatorModel.Served;

    /// <summary>Gets or sets the rerankers served at <c>POST /v1/rerank</c>, <see cref="JinaApiEmulatorRerankerModel.Served"/> unless set.</summary>
    public IReadOnlyList<JinaApiEmulatorRerankerModel> RerankerModels { get; set; } = JinaApiEmulatorRerankerModel.Served;

    /// <summary>Gets or sets the key's rate limits, or <see langword="null"/> (the default) for none.</summary>
    public JinaApiEmulatorRateLimits? RateLimits { get; set; }

    /// <summary>Gets or sets the clock of the rate-limit windows, of <see cref="JinaApiEmulatorFaults.Latency"/> and slow responses, and of the recorded times; the system clock unless set.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
