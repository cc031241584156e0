namespace RagChat;

/// <summary>The ranking of the same chunks embedded one by one and embedded with late chunking, for one question.</summary>
internal sealed record RankingComparison(string Question, IReadOnlyList<CitedPassage> OneByOne, IReadOnlyList<CitedPassage> LateChunked);
