using Jina.SemanticKernel;

namespace RagChat;

/// <summary>Keeping the index up to date with the documents, and closing its file.</summary>
internal sealed partial class RagChatEngine
{
    /// <summary>Brings the index up to date with the documents: new and edited ones are embedded, unchanged ones skipped, removed ones dropped.</summary>
    /// <param name="documents">The documents of this run.</param>
    /// <param name="progress">Receives a report after each document, or null.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <param name="keep">Ids of other entries of this run to leave in the index (the images of --images), or null.</param>
    public async Task<IndexUpdate> SyncAsync(
        IReadOnlyList<CorpusDocument> documents,
        IProgress<JinaIngestionProgress>? progress = null,
        CancellationToken cancellationToken = default,
        IReadOnlyCollection<string>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var result = await IngestAsync(documents, progress, cancellationToken).ConfigureAwait(false);

        var current = documents.Select(d => d.Id).Concat(keep ?? []).ToHashSet(StringComparer.Ordinal);
        var removed = new List<string>();
        await foreach (var first in _collection.GetAsync(r => r.ChunkIndex == 0, int.MaxValue, null, cancellationToken).ConfigureAwait(false))
        {
            if (!current.Contains(first.DocumentId))
            {
                removed.Add(first.DocumentId);
            }
        }

        foreach (var documentId in removed)
        {
            _ = await _ingestor.DeleteDocumentAsync(documentId, cancellationToken).ConfigureAwait(false);
        }

        return new IndexUpdate(result.DocumentsSkipped, result.Documents - result.DocumentsSkipped, removed.Count, result.ChunksWritten, result.Tokens);
    }

    /// <summary>Closes the index file, if any.</summary>
    public void Dispose() => _store.Dispose();
}
