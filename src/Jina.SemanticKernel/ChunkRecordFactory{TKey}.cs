using Microsoft.Extensions.AI;

namespace Jina.SemanticKernel;

/// <summary>Builds the records the ingestors write: every record stamped alike, and a vector that does not fit the stamp refused.</summary>
/// <typeparam name="TKey">The key type of the collection's records.</typeparam>
/// <param name="collectionName">The collection the records go to, named when a vector does not fit.</param>
/// <param name="stamp">The model and dimensions the records carry.</param>
/// <param name="task">The task the vectors were embedded with, or <see langword="null"/> for a model without tasks.</param>
internal sealed class ChunkRecordFactory<TKey>(string collectionName, JinaEmbeddingStamp stamp, string? task)
    where TKey : notnull
{
    /// <summary>Returns the record of chunk <paramref name="index"/> of <paramref name="count"/> of a document.</summary>
    /// <exception cref="JinaEmbeddingMismatchException">The vector's length is not the stamp's.</exception>
    public JinaDocumentChunk<TKey> Create(
        string documentId, int index, int count, string text, int start, int length, string? source, string hash, Embedding<float> embedding)
    {
        if (embedding.Vector.Length != stamp.Dimensions)
        {
            throw new JinaEmbeddingMismatchException(
                collectionName,
                stamp,
                new JinaEmbeddingStamp(embedding.ModelId ?? stamp.ModelId, embedding.Vector.Length));
        }

        return new JinaDocumentChunk<TKey>
        {
            Key = JinaChunkKeys.Create<TKey>(documentId, index),
            DocumentId = documentId,
            DocumentNumber = JinaChunkKeys.DocumentNumber(documentId),
            ChunkIndex = index,
            ChunkCount = count,
            Text = text,
            Start = start,
            Length = length,
            Source = source,
            DocumentHash = hash,
            EmbeddingModel = stamp.ModelId,
            EmbeddingTask = task,
            Dimensions = stamp.Dimensions,
            Vector = embedding.Vector,
        };
    }
}
