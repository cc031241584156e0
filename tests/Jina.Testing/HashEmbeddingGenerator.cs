using System.Text;
using Microsoft.Extensions.AI;

namespace Jina.Testing;

/// <summary>A deterministic stand-in for an embedding model: a bag of hashed words, not a language model.</summary>
/// <remarks>
/// <para>Every word (a run of letters or digits, lower-cased; each CJK character on its own) adds ±1 at one hashed position in
/// each "octave" of the vector ([0,32), [32,64), [64,128) … up to the native size), so texts that share words are similar and
/// every Matryoshka prefix of 32 or more positions carries every word. The <c>task</c> adds a smaller, task-specific hash of
/// each word, so the query and passage vectors of one text are similar but differ.</para>
/// <para><c>dimensions</c> keeps the first positions and then normalises; <c>normalized=false</c> returns the raw sums.
/// With <c>late_chunking</c> each vector also mixes in the sum of the whole request, so it depends on every input.</para>
/// <para>The native size follows the model id: the size <see cref="JinaApiEmulatorModel.Served"/> gives it (1024 for v3, 768 for v2,
/// 2048 for v4, 896 and 1536 for the code models...), 512 for the retired v2-small, 1024 for unknown models. The vectors are
/// the same in every process and on every machine.</para>
/// </remarks>
public sealed class HashEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const float TaskWeight = 0.35f;
    private const float ContextWeight = 0.5f;

    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Initializes a new instance of the <see cref="HashEmbeddingGenerator"/> class.</summary>
    /// <param name="modelId">The model whose native size to use when a call names none.</param>
    public HashEmbeddingGenerator(string modelId = "jina-embeddings-v3")
    {
        ModelId = modelId;
        _metadata = new EmbeddingGeneratorMetadata("jina-emulator-hash", null, modelId, NativeDimensions(modelId));
    }

    /// <summary>Gets the default model id.</summary>
    public string ModelId { get; }

    /// <summary>Returns the native vector size the hash embedder uses for a model.</summary>
    /// <param name="modelId">The model id.</param>
    /// <returns>The native size.</returns>
    public static int NativeDimensions(string? modelId) =>
        modelId is null ? 1024 :
        modelId.StartsWith("jina-embeddings-v2-small", StringComparison.OrdinalIgnoreCase) ? 512 :
        JinaApiEmulatorModel.Served.FirstOrDefault(m => string.Equals(m.Id, modelId, StringComparison.OrdinalIgnoreCase))?.Dimensions ??
        (modelId.StartsWith("jina-embeddings-v2", StringComparison.OrdinalIgnoreCase) ? 768 :
         modelId.StartsWith("jina-embeddings-v4", StringComparison.OrdinalIgnoreCase) ? 2048 : 1024);

    /// <inheritdoc/>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        cancellationToken.ThrowIfCancellationRequested();

        string modelId = options?.ModelId ?? ModelId;
        int native = NativeDimensions(modelId);
        int dimensions = Math.Min(options?.Dimensions ?? native, native);
        string? task = Get(options, "task")?.ToString();
        bool lateChunking = GetBool(options, "late_chunking") ?? false;
        bool normalized = GetBool(options, "normalized") ?? true;

        string[] texts = [.. values];
        var raw = new float[texts.Length][];
        for (int i = 0; i < texts.Length; i++)
        {
            raw[i] = Embed(texts[i], task, native);
        }

        if (lateChunking && texts.Length > 0)
        {
            var context = new float[native];
            foreach (float[] vector in raw)
            {
                Add(context, vector, 1f);
            }

            Normalize(context);
            foreach (float[] vector in raw)
            {
                Normalize(vector);
                Add(vector, context, ContextWeight);
            }
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        foreach (float[] vector in raw)
        {
            float[] output = dimensions == native ? vector : vector[..dimensions];
            if (normalized)
            {
                Normalize(output);
            }

            result.Add(new Embedding<float>(output) { ModelId = modelId, CreatedAt = now });
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null :
            serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata :
            serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private static float[] Embed(string text, string? task, int native)
    {
        var vector = new float[native];
        ulong taskHash = task is null ? 0 : Fnv(task.AsSpan(), 0x9E3779B97F4A7C15UL);
        int length = 0;
        ulong wordHash = FnvOffset;

        void Flush(float[] v)
        {
            if (length > 0)
            {
                AddWord(v, wordHash, taskHash, native);
                length = 0;
                wordHash = FnvOffset;
            }
        }

        foreach (Rune rune in text.EnumerateRunes())
        {
            if (JinaApiEmulatorTokenCounter.IsCjk(rune.Value))
            {
                Flush(vector);
                AddWord(vector, Mix(FnvOffset, (ulong)rune.Value), taskHash, native);
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                wordHash = Mix(wordHash, (ulong)Rune.ToLowerInvariant(rune).Value);
                length++;
            }
            else
            {
                Flush(vector);
            }
        }

        Flush(vector);
        return vector;
    }

    private const ulong FnvOffset = 14695981039346656037UL;

    private static ulong Mix(ulong hash, ulong value) => (hash ^ value) * 1099511628211UL;

    private static ulong Fnv(ReadOnlySpan<char> text, ulong seed)
    {
        ulong hash = FnvOffset ^ seed;
        foreach (char c in text)
        {
            hash = Mix(hash, c);
        }

        return hash;
    }

    private static void AddWord(float[] vector, ulong wordHash, ulong taskHash, int native)
    {
        Scatter(vector, wordHash, 1f, native);
        if (taskHash != 0)
        {
            Scatter(vector, wordHash ^ taskHash, TaskWeight, native);
        }
    }

    // One ±weight per octave: [0,32), [32,64), [64,128), ... capped at the native size.
    private static void Scatter(float[] vector, ulong hash, float weight, int native)
    {
        ulong state = hash;
        int low = 0;
        int high = Math.Min(32, native);
        while (low < native)
        {
            ulong bits = SplitMix(ref state);
            int position = low + (int)(bits % (ulong)(high - low));
            vector[position] += (bits & (1UL << 63)) != 0 ? weight : -weight;
            low = high;
            high = Math.Min(high * 2, native);
        }
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static void Add(float[] target, float[] source, float weight)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] += weight * source[i];
        }
    }

    private static void Normalize(float[] vector)
    {
        double sum = 0;
        foreach (float f in vector)
        {
            sum += f * f;
        }

        if (sum == 0)
        {
            // A text without words has no direction; give it a fixed one rather than NaNs.
            vector[0] = 1;
            return;
        }

        float scale = (float)(1 / Math.Sqrt(sum));
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }
    }

    private static object? Get(EmbeddingGenerationOptions? options, string key) =>
        options?.AdditionalProperties is { } p && p.TryGetValue(key, out object? value) ? value : null;

    private static bool? GetBool(EmbeddingGenerationOptions? options, string key) => Get(options, key) switch
    {
        bool b => b,
        string s when bool.TryParse(s, out bool parsed) => parsed,
        _ => null,
    };
}
