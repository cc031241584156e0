using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Jina.Extensions.AI.Onnx;

/// <summary>Represents an embedding generator that runs an ONNX embedding model locally, with the Jina API's options: task, dimensions, normalized, truncate and late chunking.</summary>
/// <remarks>
/// With no options it runs the bundled all-MiniLM-L6-v2 (384 dimensions, 512 tokens, English). It also loads a BERT-style
/// folder (model.onnx and vocab.txt, such as jina-embeddings-v2) or jina-embeddings-v3's ONNX export (input_ids,
/// attention_mask and task_id in, text_embeds out, with an XLM-RoBERTa SentencePiece model). Instances are thread-safe.
/// A model whose graph takes no task_id (the bundled one, jina-embeddings-v2) accepts any task, which then has no effect.
/// </remarks>
public sealed partial class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const string DefaultV3Task = "text-matching";
    private const int MaxBatchTokens = 4096;

    private static readonly string[] V3Tasks = ["retrieval.query", "retrieval.passage", "separation", "classification", "text-matching"];

    private readonly SessionOptions _sessionOptions;
    private readonly InferenceSession _session;
    private readonly GraphSignature _graph;
    private readonly ModelTokenizer _tokenizer;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly EmbeddingModelCapabilities _capabilities;
    private readonly Dictionary<string, int[]> _taskPrefixes = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _modelId;
    private readonly Uri? _modelUri;
    private readonly string? _defaultTask;
    private readonly int? _defaultDimensions;
    private readonly bool _defaultNormalized;
    private readonly bool _defaultTruncate;
    private readonly bool _defaultLateChunking;
    private readonly int _overlapTokens;
    private readonly int _batchSize;
    private readonly int _concurrentBatches;
    private readonly TimeProvider _timeProvider;
    private int _disposed;
    private int _activeCalls;
    private int _released;

    /// <summary>Initializes a new instance of the <see cref="OnnxEmbeddingGenerator"/> class with the bundled model or the one <paramref name="options"/> names.</summary>
    /// <param name="options">The model to load and the defaults of every call; <see langword="null"/> loads the bundled all-MiniLM-L6-v2.</param>
    /// <exception cref="FileNotFoundException">The model or its tokenizer was not found.</exception>
    /// <exception cref="NotSupportedException">The graph's inputs or outputs, or the tokenizer's kind, are not ones this engine can serve.</exception>
    public OnnxEmbeddingGenerator(OnnxEmbeddingGeneratorOptions? options = null)
    {
        options ??= new OnnxEmbeddingGeneratorOptions();
        if (options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, $"{nameof(OnnxEmbeddingGeneratorOptions.BatchSize)} must be at least 1.");
        }

        if (options.LateChunkingOverlapTokens < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.LateChunkingOverlapTokens, $"{nameof(OnnxEmbeddingGeneratorOptions.LateChunkingOverlapTokens)} must be 0 or more.");
        }

        if (options.IntraOpNumThreads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.IntraOpNumThreads, $"{nameof(OnnxEmbeddingGeneratorOptions.IntraOpNumThreads)} must be at least 1.");
        }

        if (options.MaxConcurrentBatches < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.MaxConcurrentBatches, $"{nameof(OnnxEmbeddingGeneratorOptions.MaxConcurrentBatches)} must be at least 1, or null to use every core.");
        }

        if (options.MaxInputTokens < 3)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.MaxInputTokens, $"{nameof(OnnxEmbeddingGeneratorOptions.MaxInputTokens)} must be at least 3: the two special tokens and one of text.");
        }

        _concurrentBatches = options.MaxConcurrentBatches ?? Math.Max(1, Environment.ProcessorCount / options.IntraOpNumThreads);

        _sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpNumThreads,
            InterOpNumThreads = 1,
        };

        try
        {
            int? configuredContext;
            string description;
            Uri? modelUri = null;
            if (options.ModelPath is null)
            {
                var (model, vocabulary) = BundledModel.Load();
                _session = new InferenceSession(model, _sessionOptions);
                _tokenizer = ModelTokenizer.FromWordPieceVocabulary(new MemoryStream(vocabulary, writable: false), lowerCase: true);
                _modelId = options.ModelId ?? BundledModel.ModelId;
                configuredContext = 512;
                description = _modelId;
            }
            else
            {
                var modelFile = ResolveModelFile(options.ModelPath);
                var tokenizerFile = ResolveTokenizerFile(options.TokenizerPath, modelFile);
                _session = new InferenceSession(modelFile, _sessionOptions);
                _tokenizer = ModelTokenizer.FromFile(tokenizerFile, options.LowerCase);
                _modelId = options.ModelId ?? ModelIdFromPath(modelFile);
                configuredContext = ReadContextFromConfig(modelFile);
                description = $"'{modelFile}'";
                modelUri = new Uri(modelFile);
            }

            _modelUri = modelUri;
            _graph = GraphSignature.Read(_session, description);
            MaxInputTokens = options.MaxInputTokens ?? configuredContext ?? (_graph.TaskIdShape is not null ? 8192 : 512);
            NativeDimensions = _graph.Dimensions > 0 ? _graph.Dimensions : ProbeDimensions();
            if (options.Dimensions is { } dimensions)
            {
                ValidateDimensions(dimensions);
            }

            if (options.Task is not null)
            {
                ValidateTask(options.Task);
            }
        }
        catch
        {
            _session?.Dispose();
            _sessionOptions.Dispose();
            throw;
        }

        if (_graph.TaskIdShape is not null)
        {
            // jina-embeddings-v3's retrieval adapters are trained with these instructions in front of the text.
            _taskPrefixes["retrieval.query"] = EncodeToArray("Represent the query for retrieving evidence documents: ");
            _taskPrefixes["retrieval.passage"] = EncodeToArray("Represent the document for retrieval: ");
        }

        _defaultTask = options.Task;
        _defaultDimensions = options.Dimensions;
        _defaultNormalized = options.Normalized;
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        _defaultTruncate = options.Truncate;
        _defaultLateChunking = options.LateChunking;
        _overlapTokens = options.LateChunkingOverlapTokens;
        _batchSize = options.BatchSize;
        _metadata = new EmbeddingGeneratorMetadata("onnx", _modelUri, _modelId, _defaultDimensions ?? NativeDimensions);
        _capabilities = new EmbeddingModelCapabilities
        {
            ModelId = _modelId,
            MaxInputTokens = MaxInputTokens,
            MaxInputsPerRequest = 2048,
            DefaultDimensions = _defaultDimensions ?? NativeDimensions,
            MinDimensions = Math.Min(32, NativeDimensions),
            MaxDimensions = NativeDimensions,
            SupportsTasks = true,
            SupportsLateChunking = _graph.TokenOutput,
            Tokenizer = _tokenizer.Tokenizer,
        };
    }

    /// <summary>Gets the model's context in tokens, special tokens included: the most one input, or one late-chunking window, may hold.</summary>
    public int MaxInputTokens { get; }

    /// <summary>Gets the length of the vectors the model itself produces.</summary>
    public int NativeDimensions { get; }

    /// <summary>Gets the identifier of the loaded model.</summary>
    public string ModelId => _modelId;

    /// <summary>Gets the tokenizer of the loaded model.</summary>
    public Tokenizer Tokenizer => _tokenizer.Tokenizer;

    /// <inheritdoc/>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<GeneratedEmbeddings<Embedding<float>>>(cancellationToken);
        }

        try
        {
            return Task.FromResult(Generate(values, options, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<GeneratedEmbeddings<Embedding<float>>>(cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException<GeneratedEmbeddings<Embedding<float>>>(ex);
        }
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            // The late chunker asks the pipeline's provider for itself with its own key, to send windows past a cache.
            return ReferenceEquals(serviceKey, LateChunker.ProviderServiceKey) && serviceType.IsInstanceOfType(this) ? this : null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType == typeof(EmbeddingModelCapabilities) ? _capabilities
            : serviceType == typeof(InferenceSession) ? _session
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(_tokenizer.Tokenizer) ? _tokenizer.Tokenizer
            : null;
    }

    /// <inheritdoc/>
    /// <remarks>Calls already running finish first: the model is released when the last of them returns.</remarks>
    public void Dispose()
    {
        // The native session is not safe to release under a running pass (it is a raw handle), so a call in flight
        // keeps it alive and the last one out releases it. Both sides use full fences: either Dispose sees the call,
        // or the call sees Dispose and leaves at once.
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && Volatile.Read(ref _activeCalls) == 0)
        {
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _session.Dispose();
            _sessionOptions.Dispose();
        }
    }

    private GeneratedEmbeddings<Embedding<float>> Generate(IEnumerable<string> values, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _activeCalls);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return GenerateCore(values, options, cancellationToken);
        }
        finally
        {
            if (Interlocked.Decrement(ref _activeCalls) == 0 && Volatile.Read(ref _disposed) != 0)
            {
                Release();
            }
        }
    }

    private GeneratedEmbeddings<Embedding<float>> GenerateCore(IEnumerable<string> values, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        var inputs = values as IReadOnlyList<string> ?? values.ToList();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(inputs[i]))
            {
                throw new ArgumentException($"Input {i} is {(inputs[i] is null ? "null" : "empty")}; every input must hold text.", nameof(values));
            }
        }

        var call = ResolveCall(options);
        if (inputs.Count == 0)
        {
            return [];
        }

        if (call.LateChunking && !_graph.TokenOutput)
        {
            throw new NotSupportedException(
                $"Late chunking needs token embeddings, and the graph of {_modelId} returns only pooled ones ('{_graph.OutputNames[0]}'). " +
                "Export the model with its token embeddings (last_hidden_state), or embed without late_chunking.");
        }

        var vectors = new float[inputs.Count * call.Dimensions];
        using var runOptions = new RunOptions();
        var tokenCount = call.LateChunking
            ? EmbedLateChunked(inputs, call, vectors, runOptions, cancellationToken)
            : EmbedEach(inputs, call, vectors, runOptions, cancellationToken);

        var createdAt = _timeProvider.GetUtcNow();
        var embeddings = new List<Embedding<float>>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            embeddings.Add(new Embedding<float>(vectors.AsMemory(i * call.Dimensions, call.Dimensions)) { ModelId = _modelId, CreatedAt = createdAt });
        }

        return new GeneratedEmbeddings<Embedding<float>>(embeddings)
        {
            Usage = new UsageDetails { InputTokenCount = tokenCount, TotalTokenCount = tokenCount },
        };
    }

    private CallSettings ResolveCall(EmbeddingGenerationOptions? options)
    {
        var properties = options?.AdditionalProperties;
        var task = (properties is not null && properties.TryGetValue(JinaPropertyNames.Task, out var taskValue) ? ReadString(taskValue, JinaPropertyNames.Task) : null)
            ?? _defaultTask;
        if (task is not null)
        {
            ValidateTask(task);
        }

        var dimensions = options?.Dimensions ?? _defaultDimensions ?? NativeDimensions;
        ValidateDimensions(dimensions);

        int[] prefix = [];
        long taskId = 0;
        if (_graph.TaskIdShape is not null)
        {
            task ??= DefaultV3Task;
            taskId = Array.FindIndex(V3Tasks, t => t.Equals(task, StringComparison.OrdinalIgnoreCase));
            prefix = _taskPrefixes.GetValueOrDefault(task) ?? [];
        }

        return new CallSettings(
            prefix,
            taskId,
            dimensions,
            ReadBool(properties, JinaPropertyNames.Normalized) ?? _defaultNormalized,
            ReadBool(properties, JinaPropertyNames.Truncate) ?? _defaultTruncate,
            ReadBool(properties, JinaPropertyNames.LateChunking) ?? _defaultLateChunking);
    }

    private void ValidateTask(string task)
    {
        // A model without tasks accepts any task and ignores it, as the API's v2 models would if they took one.
        if (_graph.TaskIdShape is not null && !V3Tasks.Contains(task, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The task '{task}' is not one of {_modelId}'s tasks: {string.Join(", ", V3Tasks)}.", nameof(task));
        }
    }

    private void ValidateDimensions(int dimensions)
    {
        var min = Math.Min(32, NativeDimensions);
        if (dimensions < min || dimensions > NativeDimensions)
        {
            throw new ArgumentOutOfRangeException(
                nameof(dimensions), dimensions, $"{_modelId} returns between {min} and {NativeDimensions} dimensions; ask for a length in that range.");
        }
    }

    private static string? ReadString(object? value, string key) => value switch
    {
        null or JsonElement { ValueKind: JsonValueKind.Null } => null,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        JsonElement element => throw new ArgumentException($"The '{key}' option must be a string, not {element.ValueKind}.", nameof(value)),
        _ => value.ToString() ?? throw new ArgumentException($"The '{key}' option must be a string.", nameof(value)),
    };

    private static bool? ReadBool(AdditionalPropertiesDictionary? properties, string key)
    {
        if (properties is null || !properties.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        return value switch
        {
            bool b => b,
            JsonElement { ValueKind: JsonValueKind.True } => true,
            JsonElement { ValueKind: JsonValueKind.False } => false,
            JsonElement { ValueKind: JsonValueKind.String } element when bool.TryParse(element.GetString(), out var parsed) => parsed,
            JsonElement { ValueKind: JsonValueKind.Null } => null,
            string s when bool.TryParse(s, out var parsed) => parsed,
            _ => throw new ArgumentException($"The '{key}' option must be true or false, not '{value}'.", nameof(properties)),
        };
    }

    private int[] EncodeToArray(string text)
    {
        var ids = new List<int>();
        _tokenizer.Encode(text, ids);
        return [.. ids];
    }

    private int ProbeDimensions()
    {
        // The graph leaves its embedding length symbolic: one tiny pass tells it.
        int? dimensions = null;
        using var runOptions = new RunOptions();
        Forward([], [new Segment(0, 0)], [0], 0, runOptions, (_, rows, length) => dimensions = rows.Length / length);
        return dimensions ?? throw new InvalidDataException($"The graph of {_modelId} returned no embedding.");
    }

    private static string ResolveModelFile(string modelPath)
    {
        if (File.Exists(modelPath))
        {
            return Path.GetFullPath(modelPath);
        }

        foreach (var candidate in new[] { Path.Combine(modelPath, "model.onnx"), Path.Combine(modelPath, "onnx", "model.onnx") })
        {
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new FileNotFoundException(
            $"No ONNX model at '{modelPath}': give the path of a .onnx file or of a folder holding model.onnx or onnx/model.onnx.", modelPath);
    }

    private static string ResolveTokenizerFile(string? tokenizerPath, string modelFile)
    {
        if (tokenizerPath is not null)
        {
            return File.Exists(tokenizerPath)
                ? tokenizerPath
                : throw new FileNotFoundException($"No tokenizer at '{tokenizerPath}': give a WordPiece vocab.txt or a SentencePiece .model file.", tokenizerPath);
        }

        var folder = Path.GetDirectoryName(modelFile)!;
        string[] names = ["vocab.txt", "sentencepiece.bpe.model", "tokenizer.model", "spiece.model"];
        foreach (var directory in new[] { folder, Path.GetDirectoryName(folder) })
        {
            foreach (var name in names)
            {
                if (directory is not null && File.Exists(Path.Combine(directory, name)))
                {
                    return Path.Combine(directory, name);
                }
            }
        }

        throw new FileNotFoundException(
            $"No tokenizer next to '{modelFile}' ({string.Join(", ", names)}); set {nameof(OnnxEmbeddingGeneratorOptions)}.{nameof(OnnxEmbeddingGeneratorOptions.TokenizerPath)}.");
    }

    private static string ModelIdFromPath(string modelFile)
    {
        var folder = Path.GetDirectoryName(modelFile)!;
        if (string.Equals(Path.GetFileName(folder), "onnx", StringComparison.OrdinalIgnoreCase))
        {
            folder = Path.GetDirectoryName(folder)!;
        }

        return Path.GetFileNameWithoutExtension(modelFile) is "model" ? Path.GetFileName(folder) : Path.GetFileNameWithoutExtension(modelFile);
    }

    private static int? ReadContextFromConfig(string modelFile)
    {
        var folder = Path.GetDirectoryName(modelFile)!;
        foreach (var directory in new[] { folder, Path.GetDirectoryName(folder) })
        {
            var config = directory is null ? null : Path.Combine(directory, "config.json");
            if (config is null || !File.Exists(config))
            {
                continue;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(config));
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("max_position_embeddings", out var positions) && positions.TryGetInt32(out var count))
            {
                // RoBERTa-style models reserve the first two positions (padding offset).
                var roberta = root.TryGetProperty("model_type", out var type) && type.ValueKind == JsonValueKind.String &&
                    type.GetString()!.Contains("roberta", StringComparison.OrdinalIgnoreCase);
                return roberta ? count - 2 : count;
            }
        }

        return null;
    }

    private readonly record struct CallSettings(int[] Prefix, long TaskId, int Dimensions, bool Normalized, bool Truncate, bool LateChunking);
}
