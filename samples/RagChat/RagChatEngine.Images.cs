using Jina.SemanticKernel;
using Microsoft.Extensions.AI;

namespace RagChat;

/// <summary>Images and PDFs in the same collection as the documents: one record each, found by the same text questions.</summary>
internal sealed partial class RagChatEngine
{
    /// <summary>Ingests the images and PDFs below a folder with the passage task; the generator must be the documents' model, at their size.</summary>
    /// <returns>What was done, and the ids of the folder's images, unchanged ones included, which the documents' sync keeps.</returns>
    public async Task<(JinaIngestionResult Result, IReadOnlyList<string> Ids)> IngestImagesAsync(
        IEmbeddingGenerator<DataContent, Embedding<float>> generator,
        string folder,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var ingestor = new JinaImageIngestor<string>(_collection, generator, new JinaIngestionOptions { Dimensions = _ingestor.Stamp.Dimensions });
        var ids = new IdCollector();
        var result = await ingestor.IngestFolderAsync(folder, ids, cancellationToken).ConfigureAwait(false);
        return (result, ids.Ids);
    }

    /// <summary>Collects the id of each image as its report comes.</summary>
    private sealed class IdCollector : IProgress<JinaIngestionProgress>
    {
        private readonly List<string> _ids = [];

        public IReadOnlyList<string> Ids => _ids;

        public void Report(JinaIngestionProgress value)
        {
            lock (_ids)
            {
                _ids.Add(value.DocumentId);
            }
        }
    }
}
