using System.Buffers.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Jina.Testing;

/// <summary>Images and PDFs: what the multimodal models take, the checks the service makes, and the vectors (see <see cref="EmulatorMedia"/>).</summary>
/// <remarks>
/// The live service's answers to a bad image are not in the public evidence; the emulator's are its own and say so in their
/// wording: an image for a text-only model is a 422 validation error on that input (the schema of a text model has strings
/// only), a PDF beside other inputs a 422 on <c>input</c>, and an image past 8 MB, an undecodable one or an image with
/// <c>late_chunking</c> a 400.
/// </remarks>
public sealed partial class JinaApiEmulator
{
    private static MediaInput? ReadMedia(JsonElement item)
    {
        foreach (string kind in (string[])["image", "pdf"])
        {
            if (item.TryGetProperty(kind, out JsonElement value) && value.ValueKind == JsonValueKind.String)
            {
                string text = value.GetString()!;
                if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                {
                    return new MediaInput(kind, text, null, IsUrl: true);
                }

                // Base64, or a data URI around it.
                string base64 = text.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && text.IndexOf(',', StringComparison.Ordinal) is > 0 and var comma
                    ? text[(comma + 1)..]
                    : text;
                var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
                return Convert.TryFromBase64String(base64, bytes, out int written)
                    ? new MediaInput(kind, text, bytes[..written], IsUrl: false)
                    : new MediaInput(kind, text, null, IsUrl: false);
            }
        }

        return null;
    }

    private static IEnumerable<FieldError> MediaFieldErrors(JinaApiEmulatorModel model, Outcome outcome)
    {
        bool takesImages = model.InputModalities.Contains("image", StringComparer.Ordinal);
        for (int i = 0; i < outcome.Media.Count; i++)
        {
            if (outcome.Media[i] is { } media && !takesImages)
            {
                yield return new FieldError(
                    Invariant($"body -> {model.Id} -> input -> {i}"), "Input should be a valid string", "string_type", $"{{'{media.Kind}': ...}}");
            }
        }

        if (takesImages && outcome.Media.Count > 1 && outcome.Media.Any(m => m?.Kind == "pdf"))
        {
            yield return new FieldError($"body -> {model.Id} -> input", "A PDF input must be sent alone, as the only input of its request", "value_error", null);
        }
    }

    private static string? MediaFailure(JinaApiEmulatorModel model, Outcome outcome)
    {
        for (int i = 0; i < outcome.Media.Count; i++)
        {
            if (outcome.Media[i] is not { } media)
            {
                continue;
            }

            if (!media.IsUrl && media.Bytes is null)
            {
                return Invariant($"Failed to decode {media.Kind} input {i}: it is neither an http(s) URL nor base64.");
            }

            if (media.Bytes is { Length: > EmulatorMedia.MaxBytes } bytes)
            {
                return Invariant($"The {media.Kind} at input {i} is {bytes.Length} bytes; {model.Id} takes images and PDFs up to 8 MB.");
            }

            if (outcome.LateChunking)
            {
                return Invariant($"late_chunking applies to text inputs only, and input {i} is an {media.Kind}.");
            }
        }

        return null;
    }

    // Text, and captioned images and PDFs through their caption, go to the embedder in one call; the others get a vector of their bytes.
    private async Task<IReadOnlyList<Embedding<float>>> EmbedInputsAsync(Outcome outcome, EmbeddingGenerationOptions options, int native, CancellationToken cancellationToken)
    {
        if (outcome.Media.All(m => m is null))
        {
            return await _embedder.GenerateAsync(outcome.Inputs, options, cancellationToken);
        }

        var texts = new List<string>(outcome.Inputs.Count);
        var positions = new List<int>(outcome.Inputs.Count);
        var vectors = new Embedding<float>[outcome.Inputs.Count];
        int size = options.Dimensions ?? native;
        for (int i = 0; i < outcome.Inputs.Count; i++)
        {
            MediaInput? media = outcome.Media[i];
            string? text = media is null ? outcome.Inputs[i]
                : media.IsUrl ? EmulatorMedia.ReadCaption(Uri.UnescapeDataString(media.Value))
                : EmulatorMedia.ReadCaption(media.Bytes);
            if (text is null)
            {
                vectors[i] = new Embedding<float>(EmulatorMedia.VectorOf(media!.IsUrl ? System.Text.Encoding.UTF8.GetBytes(media.Value) : media.Bytes!, size));
            }
            else
            {
                texts.Add(text);
                positions.Add(i);
            }
        }

        if (texts.Count > 0)
        {
            GeneratedEmbeddings<Embedding<float>> embedded = await _embedder.GenerateAsync(texts, options, cancellationToken);
            for (int j = 0; j < positions.Count; j++)
            {
                vectors[positions[j]] = embedded[j];
            }
        }

        return vectors;
    }

    private sealed record MediaInput(string Kind, string Value, byte[]? Bytes, bool IsUrl);
}
