using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace Jina.Extensions.AI.Onnx;

/// <summary>Loading: the options checked, the model and its tokenizer found and opened, and what the graph does not say probed.</summary>
public sealed partial class OnnxEmbeddingGenerator
{
    private static void ValidateOptions(OnnxEmbeddingGeneratorOptions options)
    {
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
    }

    private static SessionOptions CreateSessionOptions(OnnxEmbeddingGeneratorOptions options) => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        IntraOpNumThreads = options.IntraOpNumThreads,
        InterOpNumThreads = 1,
    };

    // The bundled model, or the file or folder the options name; a session opened here is released if its tokenizer fails to load.
    private static LoadedModel LoadModel(OnnxEmbeddingGeneratorOptions options, SessionOptions sessionOptions)
    {
        if (options.ModelPath is null)
        {
            var (model, vocabulary) = BundledModel.Load();
            var bundledId = options.ModelId ?? BundledModel.ModelId;
            return Open(
                () => new InferenceSession(model, sessionOptions),
                () => ModelTokenizer.FromWordPieceVocabulary(new MemoryStream(vocabulary, writable: false), lowerCase: true),
                bundledId,
                null,
                512,
                bundledId);
        }

        var modelFile = ResolveModelFile(options.ModelPath);
        var tokenizerFile = ResolveTokenizerFile(options.TokenizerPath, modelFile);
        return Open(
            () => new InferenceSession(modelFile, sessionOptions),
            () => ModelTokenizer.FromFile(tokenizerFile, options.LowerCase),
            options.ModelId ?? ModelIdFromPath(modelFile),
            new Uri(modelFile),
            ReadContextFromConfig(modelFile),
            $"'{modelFile}'");
    }

    private static LoadedModel Open(
        Func<InferenceSession> openSession, Func<ModelTokenizer> loadTokenizer, string modelId, Uri? modelUri, int? configuredContext, string description)
    {
        var session = openSession();
        try
        {
            return new LoadedModel(session, loadTokenizer(), modelId, modelUri, configuredContext, description);
        }
        catch
        {
            session.Dispose();
            throw;
        }
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

    /// <summary>What loading found: the open session, the tokenizer, and what names and sizes the model.</summary>
    /// <param name="Session">The open inference session.</param>
    /// <param name="Tokenizer">The model's tokenizer.</param>
    /// <param name="ModelId">The model id embeddings carry.</param>
    /// <param name="ModelUri">The model file, or <see langword="null"/> for the bundled model.</param>
    /// <param name="ConfiguredContext">The context the model's config.json states, or the bundled model's; <see langword="null"/> when unknown.</param>
    /// <param name="Description">How messages name the model: its id, or its file.</param>
    private sealed record LoadedModel(InferenceSession Session, ModelTokenizer Tokenizer, string ModelId, Uri? ModelUri, int? ConfiguredContext, string Description);
}
