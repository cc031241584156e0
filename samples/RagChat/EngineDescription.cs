namespace RagChat;

/// <summary>Which embedding engine, model and vector size are in use, and which chat model if any.</summary>
internal sealed record EngineDescription(string Engine, string Model, int Dimensions, string? ChatModel)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Engine}: {Model}, {Dimensions} dimensions; answers: {(ChatModel is null ? "extractive (no chat model configured)" : ChatModel)}";
}
