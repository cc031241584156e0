using System.Globalization;
using Jina.Extensions.AI;
using Jina.SemanticKernel;
using Spectre.Console;

namespace RagChat;

/// <summary>--images: the images and PDFs of a folder, embedded by the Jina API's multimodal model beside the documents.</summary>
internal static partial class RagChatApp
{
    /// <summary>What RagChat says when --images is given without a key.</summary>
    public const string ImagesNeedTheApi =
        "--images needs the Jina API: the local model (all-MiniLM-L6-v2) embeds text only. Set JINA_API_KEY to embed images and PDFs " +
        "with jina-embeddings-v4, which puts them and the documents in one vector space, or leave out --images.";

    private static async Task<IReadOnlyList<string>> IngestImagesAsync(
        RagChatEngine engine, string folder, Func<string, string?> environment, IAnsiConsole console, CancellationToken cancellationToken)
    {
        JinaIngestionResult result;
        IReadOnlyList<string> ids;
        try
        {
            using var generator = new JinaImageEmbeddingGenerator(JinaOptions(environment, JinaImageEmbeddingGenerator.DefaultModelId)!);
            (result, ids) = await engine.IngestImagesAsync(generator, folder, cancellationToken);
        }
        catch (ArgumentException ex) when (ex.ParamName == "folder")
        {
            // Files over the service's 8 MB limit are named before anything is sent.
            throw new ConfigurationException(FirstLine(ex.Message));
        }

        if (result.Documents == 0)
        {
            console.MarkupLine($"[yellow]Warning:[/] {Markup.Escape($"'{folder}' holds no .png, .jpg, .jpeg, .gif, .webp, .bmp or .pdf file.")}");
            return ids;
        }

        console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[grey]Ingested {result.Documents} images and PDFs ({result.DocumentsSkipped} unchanged) from {Markup.Escape(folder)}.[/]"));
        return ids;
    }
}
