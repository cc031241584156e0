using Jina.SemanticKernel;
using Microsoft.Extensions.AI;

namespace RagChat;

/// <summary>Images and PDFs in the same collection as the documents: one record each, found by the same text questions.</summary>
internal sealed partial class RagChatEngine
{
    /// <summary>Ingests the images and PDFs below a folder with the passage task; the generator must be the documents' model, at their size.</summary>
    public Task<JinaIngestionResult> IngestImagesAsync(
        IEmbeddingGenerator<DataContent, Embedding<float>> generator,
        string folder,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var ingestor = new JinaImageIngestor<string>(_collection, generator, new JinaIngestionOptions { Dimensions = _ingestor.Stamp.Dimensions });
        return ingestor.IngestFolderAsync(folder, progress: null, cancellationToken);
    }
}
