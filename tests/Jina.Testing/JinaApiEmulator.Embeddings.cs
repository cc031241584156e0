using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Jina.Testing;

/// <summary><c>POST /v1/embeddings</c>: the schema of each model, the limits of a request, and the vectors.</summary>
public sealed partial class JinaApiEmulator
{
    private static readonly string[] s_encodings = ["float", "base64", "binary", "ubinary"];

    private async Task ServeEmbeddingsAsync(HttpContext context, Outcome outcome, string requestId)
    {
        Parse(outcome);
        if (await ServeFaultOrRefusalAsync(context, outcome, requestId) is not { } processing)
        {
            return;
        }

        if (!_models.TryGetValue(outcome.Model!, out JinaApiEmulatorModel? model))
        {
            await FailUnknownModel(context, outcome, _models.Keys, requestId);
            return;
        }

        int native = _customEmbedder ? await GetEmbedderNativeDimensionsAsync(context.RequestAborted) : model.Dimensions;
        List<FieldError> errors = EmbeddingFieldErrors(outcome, model, native);
        if (errors.Count > 0)
        {
            await FailValidation(context, outcome, errors, requestId);
            return;
        }

        if (RefuseEmbeddingRequest(model, outcome) is { } refusal)
        {
            await Fail(context, outcome, refusal.Status, refusal.Detail, null, requestId, refusal.Code);
            return;
        }

        if (CountRequestTokens(model, outcome) is not { } tokens)
        {
            await FailTokenLimit(context, outcome, model);
            return;
        }

        outcome.TokenCount = tokens;
        await AdmitAsync(context, outcome, processing, requestId, () => EmbedAsync(context, outcome, model, native));
    }

    // The 422 field errors of a request against the model's schema: unknown fields, a task, media, dimensions, encodings.
    private static List<FieldError> EmbeddingFieldErrors(Outcome outcome, JinaApiEmulatorModel model, int native)
    {
        List<FieldError> errors = SchemaErrors(outcome, model.Id, model.Takes);
        if (outcome.Task is not null && model.Takes("task") && !model.Tasks.Contains(outcome.Task, StringComparer.Ordinal))
        {
            errors.Add(new FieldError(Path(model.Id, "task"), $"Input should be {string.Join(", ", model.Tasks.Select(t => $"'{t}'"))}", "enum", outcome.Task));
        }

        errors.AddRange(MediaFieldErrors(model, outcome));
        if (outcome.Dimensions is { } dims && model.Takes("dimensions"))
        {
            int max = Math.Min(model.Dimensions, native);
            if (dims < 1 || dims > max)
            {
                errors.Add(new FieldError(Path(model.Id, "dimensions"), $"Input should be between 1 and {max}", "value_error", dims));
            }
        }

        foreach (string type in outcome.EmbeddingTypes)
        {
            if (!s_encodings.Contains(type))
            {
                errors.Add(new FieldError(Path(model.Id, "embedding_type"), "Input should be 'float', 'base64', 'binary' or 'ubinary'", "enum", type));
            }
        }

        return errors;
    }

    // A well-formed request the service still refuses: media it cannot read, too many inputs, multi-vector output.
    private static (int Status, string Detail, string Code)? RefuseEmbeddingRequest(JinaApiEmulatorModel model, Outcome outcome)
    {
        if (MediaFailure(model, outcome) is { } mediaFailure)
        {
            return (400, mediaFailure, "INPUT_MEDIA_INVALID");
        }

        if (outcome.Inputs.Count > model.MaxInputs)
        {
            // The live wording, two dots included.
            return (422, Invariant($"Validation error: 'body -> {model.Id}' Each input list can contain at most {model.MaxInputs} items.."), "INPUT_LIMIT_EXCEEDED");
        }

        return outcome.ReturnMultivector
            ? (400, "The emulator does not serve multi-vector output (return_multivector).", "EMULATOR_UNSUPPORTED")
            : null;
    }

    // The tokens the request is charged, or null when an input (or a late-chunked request) is past the model's context.
    private int? CountRequestTokens(JinaApiEmulatorModel model, Outcome outcome)
    {
        int context = ContextOf(model);
        const int special = JinaApiEmulatorTokenCounter.SpecialTokensPerSequence;
        int tokens = 0;
        for (int i = 0; i < outcome.Inputs.Count; i++)
        {
            if (outcome.Media[i] is not null)
            {
                tokens += _options.MediaTokens;
                continue;
            }

            int count = CountTextTokens(outcome.Inputs[i]);
            if (!outcome.LateChunking && count + special > context)
            {
                if (outcome.Truncate != true)
                {
                    return null;
                }

                count = context - special;
            }

            tokens += count + (outcome.LateChunking ? 0 : special);
        }

        if (outcome.LateChunking)
        {
            // All inputs are encoded as one sequence.
            tokens += special;
            if (tokens > context)
            {
                return null;
            }
        }

        return tokens;
    }

    private int ContextOf(JinaApiEmulatorModel model) =>
        (int)Math.Min(int.MaxValue, (long)model.ContextLength * _options.MaxInputTokens / 8192);

    // Counts the request against the key's limits (or refuses it with the live 429), works on it for the latency, then answers.
    private async Task AdmitAsync(HttpContext context, Outcome outcome, TimeSpan processing, string requestId, Func<Task> answer)
    {
        Admission admission = _limits?.TryAdmit(outcome.TokenCount) ?? Admission.Unlimited;
        if (admission.RefusedCode is { } code)
        {
            await Fail(context, outcome, 429, "Rate limit exceeded: " + admission.RefusedDetail, code, requestId);
            return;
        }

        try
        {
            if (admission.RemainingRequests is { } requests)
            {
                context.Response.Headers["X-RateLimit-Remaining-Requests"] = requests.ToString(CultureInfo.InvariantCulture);
            }

            if (admission.RemainingTokens is { } remaining)
            {
                context.Response.Headers["X-RateLimit-Remaining-Tokens"] = remaining.ToString(CultureInfo.InvariantCulture);
            }

            processing += Faults.Latency;
            if (processing > TimeSpan.Zero)
            {
                // The service works on an admitted request for this long, and it counts as in flight all along.
                await Task.Delay(processing, _time, context.RequestAborted);
            }

            await answer();
        }
        finally
        {
            _limits?.Release(admission);
        }
    }

    private async Task EmbedAsync(HttpContext context, Outcome outcome, JinaApiEmulatorModel model, int native)
    {
        IReadOnlyList<Embedding<float>> vectors = await EmbedInputsAsync(outcome, EmbedderOptions(outcome, model, native), native, context.RequestAborted);
        outcome.StatusCode = 200;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("model", model.Id);
        writer.WriteString("object", "list");
        writer.WriteStartObject("usage");
        writer.WriteNumber("total_tokens", outcome.TokenCount);
        writer.WriteNumber("prompt_tokens", outcome.TokenCount);
        writer.WriteEndObject();
        writer.WriteStartArray("data");
        bool reverse = Faults.ReverseDataOrder;
        for (int n = 0; n < vectors.Count; n++)
        {
            int i = reverse ? vectors.Count - 1 - n : n;
            WriteEmbedding(writer, i, vectors[i].Vector.Span, outcome.EmbeddingTypes);
            if (writer.BytesPending > 64 * 1024)
            {
                await writer.FlushAsync(context.RequestAborted);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    // What the request asks of the vectors, as the embedder's options; a custom embedder keeps its own model and dimensions.
    private EmbeddingGenerationOptions EmbedderOptions(Outcome outcome, JinaApiEmulatorModel model, int native)
    {
        var properties = new AdditionalPropertiesDictionary();
        if (outcome.Task is not null)
        {
            properties["task"] = outcome.Task;
        }

        properties["late_chunking"] = outcome.LateChunking;
        properties["normalized"] = outcome.Normalized ?? true;
        properties["truncate"] = outcome.Truncate ?? false;
        return new EmbeddingGenerationOptions
        {
            Dimensions = outcome.Dimensions ?? (_customEmbedder ? null : Math.Min(model.Dimensions, native)),
            ModelId = _customEmbedder ? null : model.Id,
            AdditionalProperties = properties,
        };
    }

    // One item of "data": the vector in the one encoding asked for, or an object of every encoding asked for.
    private void WriteEmbedding(Utf8JsonWriter writer, int index, ReadOnlySpan<float> vector, List<string> types)
    {
        bool integers = Faults.BinaryAsIntegerArrays;
        writer.WriteStartObject();
        writer.WriteString("object", "embedding");
        writer.WriteNumber("index", index);
        if (types.Count <= 1)
        {
            writer.WritePropertyName("embedding");
            WriteVector(writer, vector, types.Count == 0 ? "float" : types[0], integers);
        }
        else
        {
            writer.WriteStartObject("embedding");
            foreach (string type in types)
            {
                writer.WritePropertyName(type);
                WriteVector(writer, vector, type, integers);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteVector(Utf8JsonWriter writer, ReadOnlySpan<float> vector, string type, bool asIntegers = false)
    {
        switch (type)
        {
            case "base64":
                writer.WriteBase64StringValue(MemoryMarshal.AsBytes(vector));
                break;
            case "binary":
            case "ubinary":
                var packed = new byte[(vector.Length + 7) / 8];
                for (int i = 0; i < vector.Length; i++)
                {
                    if (vector[i] > 0)
                    {
                        packed[i / 8] |= (byte)(0x80 >> (i % 8));
                    }
                }

                if (type == "binary")
                {
                    // binary is the signed form: each byte offset by 128.
                    for (int i = 0; i < packed.Length; i++)
                    {
                        packed[i] = unchecked((byte)(sbyte)(packed[i] - 128));
                    }
                }

                if (asIntegers)
                {
                    // The form older integrations read: the bytes as numbers, signed for binary.
                    writer.WriteStartArray();
                    foreach (byte b in packed)
                    {
                        writer.WriteNumberValue(type == "binary" ? (sbyte)b : b);
                    }

                    writer.WriteEndArray();
                }
                else
                {
                    writer.WriteBase64StringValue(packed);
                }

                break;
            default:
                writer.WriteStartArray();
                foreach (float f in vector)
                {
                    writer.WriteNumberValue(f);
                }

                writer.WriteEndArray();
                break;
        }
    }

    // What every POST meets before its own validation: a queued fault, the key, a body without a model. Returns how long the
    // service works on the request (a slow fault's delay), or null when the request has been answered.
    private async Task<TimeSpan?> ServeFaultOrRefusalAsync(HttpContext context, Outcome outcome, string requestId)
    {
        TimeSpan processing = TimeSpan.Zero;
        if (Faults.Take() is { } fault)
        {
            if (fault.Kind != JinaApiEmulatorFaults.FaultKind.Slow)
            {
                await ServeFaultAsync(context, outcome, fault, requestId);
                return null;
            }

            processing = fault.Delay;
        }

        if (Authenticate(context) is { } refused)
        {
            await Fail(context, outcome, refused.Status, refused.Detail, refused.Code, requestId);
            return null;
        }

        if (outcome.ParseErrors.Count > 0 && outcome.Model is null)
        {
            await FailValidation(context, outcome, outcome.ParseErrors, requestId);
            return null;
        }

        return processing;
    }

    private async Task<int> GetEmbedderNativeDimensionsAsync(CancellationToken cancellationToken)
    {
        if (_embedderNativeDimensions is { } known)
        {
            return known;
        }

        int? size = _embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions;
        if (size is null)
        {
            GeneratedEmbeddings<Embedding<float>> probe = await _embedder.GenerateAsync(["dimension probe"], cancellationToken: cancellationToken);
            size = probe[0].Vector.Length;
        }

        _embedderNativeDimensions = size;
        return size.Value;
    }

    // Reads the body for the record and for validation; field-level problems are kept (with bare field names) for later.
    private static void Parse(Outcome outcome)
    {
        using JsonDocument? document = ParseBody(outcome);
        if (document is not null)
        {
            JsonElement root = document.RootElement;
            List<FieldError> errors = outcome.ParseErrors;
            ReadInputs(root, outcome, errors);
            outcome.Task = ReadOptional(root, "task", JsonValueKind.String, errors)?.GetString();
            if (ReadOptional(root, "dimensions", JsonValueKind.Number, errors) is { } dimensions)
            {
                if (dimensions.TryGetInt32(out int d))
                {
                    outcome.Dimensions = d;
                }
                else
                {
                    errors.Add(new FieldError("dimensions", "Input should be a valid integer", "int_type", dimensions.ToString()));
                }
            }

            outcome.LateChunking = ReadBool(root, "late_chunking", errors) ?? false;
            outcome.Normalized = ReadBool(root, "normalized", errors);
            outcome.Truncate = ReadBool(root, "truncate", errors);
            outcome.ReturnMultivector = ReadBool(root, "return_multivector", errors) ?? false;

            if (root.TryGetProperty("embedding_type", out JsonElement type) && type.ValueKind != JsonValueKind.Null)
            {
                if (type.ValueKind == JsonValueKind.String)
                {
                    outcome.EmbeddingTypes.Add(type.GetString()!);
                }
                else if (type.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement item in type.EnumerateArray())
                    {
                        outcome.EmbeddingTypes.Add(item.ToString());
                    }
                }
                else
                {
                    errors.Add(new FieldError("embedding_type", "Input should be a string or a list of strings", "string_type", type.ToString()));
                }
            }
        }
    }

    // Reads what every body has: a JSON object, its field names and its model. Returns the document to read further, or null
    // when there is nothing more to read (the problem is kept in ParseErrors).
    private static JsonDocument? ParseBody(Outcome outcome)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(outcome.Body);
        }
        catch (JsonException ex)
        {
            outcome.ParseErrors.Add(new FieldError("body", $"JSON decode error: {ex.Message}", "json_invalid", null));
            return null;
        }

        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            outcome.ParseErrors.Add(new FieldError("body", "Input should be a valid dictionary", "model_type", null));
            document.Dispose();
            return null;
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            outcome.Fields.Add(property.Name);
        }

        if (root.TryGetProperty("model", out JsonElement model) && model.ValueKind == JsonValueKind.String)
        {
            outcome.Model = model.GetString();
            return document;
        }

        outcome.ParseErrors.Add(new FieldError("body -> model", "Field required", "missing", null));
        document.Dispose();
        return null;
    }

    private static void ReadInputs(JsonElement root, Outcome outcome, List<FieldError> errors)
    {
        if (!root.TryGetProperty("input", out JsonElement input))
        {
            errors.Add(new FieldError("input", "Field required", "missing", null));
            return;
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            outcome.Inputs.Add(input.GetString()!);
            outcome.Media.Add(null);
            return;
        }

        if (input.ValueKind != JsonValueKind.Array || input.GetArrayLength() == 0)
        {
            errors.Add(new FieldError("input", "Input should be a non-empty list of strings", "list_type", input.ToString()));
            return;
        }

        foreach (JsonElement item in input.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                outcome.Inputs.Add(item.GetString()!);
                outcome.Media.Add(null);
            }
            else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("text", out JsonElement text) && text.ValueKind == JsonValueKind.String)
            {
                outcome.Inputs.Add(text.GetString()!);
                outcome.Media.Add(null);
            }
            else if (item.ValueKind == JsonValueKind.Object && ReadMedia(item) is { } media)
            {
                outcome.Inputs.Add(media.Value);
                outcome.Media.Add(media);
            }
            else
            {
                errors.Add(new FieldError("input", "Input should be a valid string or a {\"text\"}, {\"image\"} or {\"pdf\"} object", "string_type", item.ToString()));
                return;
            }
        }
    }

    private static JsonElement? ReadOptional(JsonElement root, string name, JsonValueKind kind, List<FieldError> errors)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != kind)
        {
            errors.Add(new FieldError(name, $"Input should be a valid {kind.ToString().ToLowerInvariant()}", "type_error", value.ToString()));
            return null;
        }

        return value;
    }

    private static bool? ReadBool(JsonElement root, string name, List<FieldError> errors)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add(new FieldError(name, "Input should be a valid boolean", "bool_type", value.ToString()));
        return null;
    }

    private static string? FieldValue(string body, string field)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty(field, out JsonElement value) ? value.ToString() : null;
    }

    // The live service answers an unknown model with a validation error that names the models it serves.
    private static Task FailUnknownModel(HttpContext context, Outcome outcome, IEnumerable<string> served, string requestId)
    {
        string tags = string.Join(", ", served.Select(id => $"'{id}'"));
        return FailValidation(context, outcome, [new FieldError("body -> model", $"Input should be {tags}", "literal_error", outcome.Model)], requestId);
    }

    // Every field the model's schema lacks (extra_forbidden), and the body's own problems, at their paths in that schema.
    private static List<FieldError> SchemaErrors(Outcome outcome, string modelId, Func<string, bool> takes)
    {
        var errors = new List<FieldError>();
        foreach (string field in outcome.Fields)
        {
            if (!takes(field))
            {
                errors.Add(new FieldError(Path(modelId, field), "Extra inputs are not permitted", "extra_forbidden", FieldValue(outcome.Body, field)));
            }
        }

        errors.AddRange(outcome.ParseErrors.Select(e => e with { Field = Path(modelId, e.Field) }));
        return errors;
    }

    // The live service names a field by its path in the model's schema.
    private static string Path(string modelId, string field) =>
        field.StartsWith("body", StringComparison.Ordinal) ? field : $"body -> {modelId} -> {field}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
