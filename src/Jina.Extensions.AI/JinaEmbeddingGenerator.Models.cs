namespace Jina.Extensions.AI;

/// <summary>The model half of <see cref="JinaEmbeddingGenerator"/>: what each model's schema takes, and what was learned about it.</summary>
public sealed partial class JinaEmbeddingGenerator
{
    // Checks the settings against the model's row and returns the task to send (in the API's spelling, or null when the
    // model takes none for this role). A model not in the table gets what the caller asked for.
    private static string? ValidateModelOptions(string modelId, string? task, int? dimensions, bool lateChunking, bool? normalized, string paramName)
    {
        if (dimensions is { } d && d < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, d, "Dimensions must be positive.");
        }

        JinaModelInfo? model = JinaModels.Find(modelId);
        if (model is null)
        {
            return task;
        }

        if (task is not null)
        {
            if (!model.Takes(JinaModelFields.Task))
            {
                throw Refused(model, $"a task ('{task}')", "task", paramName);
            }

            if (string.Equals(task, model.OmittedTask, StringComparison.OrdinalIgnoreCase))
            {
                // jina-clip-v2 embeds documents without a task; retrieval.query is its only one.
                task = null;
            }
            else if (model.Tasks is { } tasks)
            {
                // JinaTask compares names ignoring case, but the API accepts only its own spelling.
                task = tasks.FirstOrDefault(t => string.Equals(t, task, StringComparison.OrdinalIgnoreCase))
                    ?? throw new ArgumentException($"{model.Id} has no task '{task}'; use one of: {string.Join(", ", tasks)}.", paramName);
            }
        }

        if (dimensions is { } dims)
        {
            if (!model.Takes(JinaModelFields.Dimensions))
            {
                throw Refused(model, Invariant($"dimensions ({dims})"), "dimensions", paramName);
            }

            if (dims > model.DefaultDimensions)
            {
                string trained = model.TrainedDimensions.Count == 0 ? string.Empty : $" (trained Matryoshka sizes: {string.Join(", ", model.TrainedDimensions)})";
                throw new ArgumentOutOfRangeException(
                    paramName, dims, Invariant($"{model.Id} supports 1 to {model.DefaultDimensions} dimensions{trained}; {dims} is outside that range."));
            }
        }

        if (lateChunking && !model.Takes(JinaModelFields.LateChunking))
        {
            throw Refused(model, "late chunking", "late_chunking", paramName);
        }

        if (normalized is not null && !model.Takes(JinaModelFields.Normalized))
        {
            throw Refused(model, Invariant($"'normalized' ({normalized})"), "normalized", paramName);
        }

        return task;
    }

    private static ArgumentException Refused(JinaModelInfo model, string what, string field, string paramName)
    {
        if (model.IsV2)
        {
            return new ArgumentException(
                $"{model.Id} takes no {what}: the v2 models have no task adapters, no Matryoshka dimensions and no late chunking. " +
                $"Remove the setting, or use {JinaModels.DefaultModelId}, which replaces v2 (JinaTask.TextMatching is closest to v2's symmetric similarity).",
                paramName);
        }

        string instead = field == "late_chunking" ? $" Late chunking needs {JinaModels.DefaultModelId} or jina-embeddings-v4." : string.Empty;
        return new ArgumentException(
            $"{model.Id} takes no {what}: its request schema has no '{field}', and the service refuses a field the model lacks. Remove the setting.{instead}",
            paramName);
    }

    private int InputsPerRequest(string modelId)
    {
        int limit = _options.MaxInputsPerRequest ?? JinaModels.Find(modelId)?.MaxInputsPerRequest ?? JinaModels.GenericMaxInputsPerRequest;
        return _learnedInputLimits.TryGetValue(modelId, out int learned) ? Math.Min(limit, learned) : limit;
    }

    // The service said "at most N items": every later request of this model carries at most that many.
    private void LearnInputLimit(string modelId, int limit)
    {
        _learnedInputLimits.AddOrUpdate(modelId, limit, (_, known) => Math.Min(known, limit));
        if (string.Equals(modelId, _options.ModelId, StringComparison.OrdinalIgnoreCase))
        {
            _capabilities = CreateCapabilities();
        }
    }

    private EmbeddingModelCapabilities CreateCapabilities() =>
        JinaModels.GetCapabilities(_options.ModelId, InputsPerRequest(_options.ModelId), _options.Dimensions, _discovered);

    private async Task<JinaDiscoveredModel?> DiscoverAsync(CallSettings settings, CancellationToken cancellationToken)
    {
        JinaDiscoveredModel? model = await JinaModelCatalog.FindAsync(_client, settings.ModelId, cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return null;
        }

        if (settings.Dimensions is { } dims && model.MaxOutputLength is { } max && dims > max)
        {
            throw new ArgumentOutOfRangeException(
                "options", dims, Invariant($"{model.Id} supports 1 to {max} dimensions, as GET /v1/models describes it; {dims} is outside that range."));
        }

        if (string.Equals(settings.ModelId, _options.ModelId, StringComparison.OrdinalIgnoreCase) && _discovered is null)
        {
            _discovered = model;
            _capabilities = CreateCapabilities();
        }

        return model;
    }
}
