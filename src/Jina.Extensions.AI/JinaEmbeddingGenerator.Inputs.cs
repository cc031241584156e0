namespace Jina.Extensions.AI;

/// <summary>The input half of <see cref="JinaEmbeddingGenerator"/>: checking inputs and grouping them into requests.</summary>
public sealed partial class JinaEmbeddingGenerator
{
    /// <summary>The most image and PDF bytes one request carries, so that a large batch of images never becomes one huge body.</summary>
    internal const long MaxMediaBytesPerRequest = 2L * JinaEmbeddingInput.MaxMediaBytes;

    /// <summary>The tokens one image or PDF is assumed to cost before the service says; the limiter learns the real ratio.</summary>
    private const long MediaTokenEstimate = 1_000;

    /// <summary>Gets the models of the table that embed images and PDFs, for messages.</summary>
    internal static string MultimodalModels { get; } =
        string.Join(" or ", JinaModels.All.Where(m => (m.Modalities & JinaModalities.Image) != 0).Select(m => m.Id));

    private static JinaEmbeddingInput[] TextInputs(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);

        string[] texts = [.. values];
        var inputs = new JinaEmbeddingInput[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentException($"Input {i} is null; every input must be non-empty text.", nameof(values));
            }

            if (string.IsNullOrWhiteSpace(texts[i]))
            {
                throw new ArgumentException($"Input {i} is empty or whitespace; remove it or give it text (the API cannot embed nothing).", nameof(values));
            }

            inputs[i] = JinaEmbeddingInput.FromText(texts[i]);
        }

        return inputs;
    }

    // Images and PDFs go only to a model that embeds them (the table says, or GET /v1/models for a model it lacks), and never
    // with late chunking, which pools the tokens of text inputs.
    private static void CheckMedia(JinaEmbeddingInput[] inputs, CallSettings settings, JinaDiscoveredModel? discovered)
    {
        int first = Array.FindIndex(inputs, i => i.IsMedia);
        if (first < 0)
        {
            return;
        }

        string what = inputs[first].Kind == JinaInputKind.Pdf ? "a PDF" : "an image";
        bool? embedsImages = JinaModels.Find(settings.ModelId) is { } model
            ? (model.Modalities & JinaModalities.Image) != 0
            : discovered?.InputModalities?.Contains("image", StringComparer.OrdinalIgnoreCase);
        if (embedsImages == false)
        {
            throw new ArgumentException(
                $"{settings.ModelId} embeds text only, and input {first} is {what}. Images and PDFs need a multimodal model: " +
                $"set the model to {MultimodalModels}, whose text and image vectors share one space.",
                "values");
        }

        if (settings.LateChunking)
        {
            throw new ArgumentException(
                $"Late chunking pools the tokens of text inputs, and input {first} is {what}. Embed images and PDFs without late_chunking.",
                "values");
        }
    }

    // Requests of at most perRequest inputs and MaxMediaBytesPerRequest bytes of images, in input order; a PDF goes alone, as the service requires.
    private static List<ArraySegment<JinaEmbeddingInput>> PlanRequests(JinaEmbeddingInput[] inputs, int perRequest)
    {
        var plan = new List<ArraySegment<JinaEmbeddingInput>>((inputs.Length / perRequest) + 1);
        int start = 0;
        long bytes = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            JinaEmbeddingInput input = inputs[i];
            bool alone = input.Kind == JinaInputKind.Pdf;
            if (i > start && (alone || i - start == perRequest || bytes + input.Data.Length > MaxMediaBytesPerRequest))
            {
                plan.Add(new ArraySegment<JinaEmbeddingInput>(inputs, start, i - start));
                start = i;
                bytes = 0;
            }

            bytes += input.Data.Length;
            if (alone)
            {
                plan.Add(new ArraySegment<JinaEmbeddingInput>(inputs, i, 1));
                start = i + 1;
                bytes = 0;
            }
        }

        if (start < inputs.Length)
        {
            plan.Add(new ArraySegment<JinaEmbeddingInput>(inputs, start, inputs.Length - start));
        }

        return plan;
    }

    // The length of the model's vectors when no dimensions are asked for, where the table or the service says.
    private int? KnownDimensions(string modelId) =>
        JinaModels.Find(modelId)?.DefaultDimensions ??
        (_discovered is { } d && string.Equals(d.Id, modelId, StringComparison.OrdinalIgnoreCase) ? d.MaxOutputLength : null);
}
