namespace RagChat;

/// <summary>An answer and the passages it cites.</summary>
/// <param name="Text">The answer text.</param>
/// <param name="Passages">The passages used, best first.</param>
/// <param name="FromChatModel">True when a chat model wrote the answer; false for an extractive answer made of the best passages.</param>
internal sealed record RagAnswer(string Text, IReadOnlyList<CitedPassage> Passages, bool FromChatModel);
