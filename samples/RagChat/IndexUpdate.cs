namespace RagChat;

/// <summary>What bringing the index up to date with the documents did.</summary>
/// <param name="Unchanged">Documents whose stored chunks were current: nothing embedded.</param>
/// <param name="Embedded">Documents new or edited since the index was built: chunked and embedded.</param>
/// <param name="Removed">Documents in the index that are no longer in the corpus: dropped.</param>
/// <param name="ChunksWritten">The chunk records written.</param>
/// <param name="Tokens">The tokens embedded.</param>
internal sealed record IndexUpdate(int Unchanged, int Embedded, int Removed, long ChunksWritten, long Tokens);
