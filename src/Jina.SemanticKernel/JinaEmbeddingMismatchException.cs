namespace Jina.SemanticKernel;

/// <summary>Represents the error raised when a collection holds vectors of another model or size than the generator in use.</summary>
/// <remarks>Vectors of different models live in different spaces: comparing them gives meaningless scores, so they are never mixed.</remarks>
public sealed class JinaEmbeddingMismatchException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="JinaEmbeddingMismatchException"/> class.</summary>
    public JinaEmbeddingMismatchException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JinaEmbeddingMismatchException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public JinaEmbeddingMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JinaEmbeddingMismatchException"/> class with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public JinaEmbeddingMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JinaEmbeddingMismatchException"/> class for a collection and two stamps.</summary>
    /// <param name="collectionName">The collection's name.</param>
    /// <param name="collectionStamp">What the collection holds.</param>
    /// <param name="generatorStamp">What the generator in use produces.</param>
    public JinaEmbeddingMismatchException(string collectionName, JinaEmbeddingStamp collectionStamp, JinaEmbeddingStamp generatorStamp)
        : base(
            $"Collection '{collectionName}' holds vectors of {collectionStamp}, but the embedding generator produces {generatorStamp}. " +
            "Vectors of different models or sizes cannot be compared. Re-index the collection into a new one with " +
            "JinaVectorStoreIngestor.ReindexAsync (or ingest the documents again into a new collection), or use the generator it was built with.")
    {
        CollectionName = collectionName;
        CollectionStamp = collectionStamp;
        GeneratorStamp = generatorStamp;
    }

    // The store refused to open the collection with the generator's vector size before its stamp could be read.
    internal JinaEmbeddingMismatchException(string collectionName, JinaEmbeddingStamp generatorStamp, Exception innerException)
        : base(
            $"Collection '{collectionName}' exists, but the vector store refused to open it for {generatorStamp}: {innerException.Message} " +
            "It was most likely built with another embedding model or size, and vectors of different models cannot be compared. Re-index it " +
            "into a new collection with JinaVectorStoreIngestor.ReindexAsync (open the source with the definition of its own size), or use " +
            "the generator it was built with.",
            innerException)
    {
        CollectionName = collectionName;
        GeneratorStamp = generatorStamp;
    }

    /// <summary>Gets the name of the collection, or <see langword="null"/>.</summary>
    public string? CollectionName { get; }

    /// <summary>Gets what the collection holds, or <see langword="null"/> when the store refused to open it before its stamp could be read.</summary>
    public JinaEmbeddingStamp? CollectionStamp { get; }

    /// <summary>Gets what the generator in use produces, or <see langword="null"/>.</summary>
    public JinaEmbeddingStamp? GeneratorStamp { get; }
}
