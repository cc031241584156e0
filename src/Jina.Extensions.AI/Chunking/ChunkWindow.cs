namespace Jina.Extensions.AI;

/// <summary>A run of consecutive chunks sent as one late-chunked request: <c>[ContextStart, OwnedStart)</c> is context only, <c>[OwnedStart, End)</c> are the chunks it embeds.</summary>
internal readonly record struct ChunkWindow(int ContextStart, int OwnedStart, int End)
{
    public int Count => End - ContextStart;

    /// <summary>Groups the chunks <c>[from, to)</c> into windows of at most <paramref name="budget"/> tokens and <paramref name="maxInputs"/> chunks.</summary>
    /// <remarks>
    /// Each window after the document's first starts with the chunks before it, up to <paramref name="overlapTokens"/>,
    /// as context. A chunk larger than the budget gets a window of its own, without context, and the service decides.
    /// </remarks>
    public static List<ChunkWindow> Plan(IReadOnlyList<int> tokens, int from, int to, int budget, int maxInputs, int overlapTokens)
    {
        var windows = new List<ChunkWindow>();
        int start = from;
        while (start < to)
        {
            int context = start;
            int contextTokens = 0;
            while (context > 0
                && start - context + 1 < maxInputs
                && contextTokens + tokens[context - 1] <= overlapTokens
                && contextTokens + tokens[context - 1] + tokens[start] <= budget)
            {
                context--;
                contextTokens += tokens[context];
            }

            int end = start;
            int total = contextTokens;
            while (end < to && end - context < maxInputs && (end == start || total + tokens[end] <= budget))
            {
                if (end == start && total + tokens[end] > budget)
                {
                    // A chunk over the budget on its own: send it alone and let the service answer.
                    context = start;
                    end = start + 1;
                    break;
                }

                total += tokens[end];
                end++;
            }

            windows.Add(new ChunkWindow(context, start, end));
            start = end;
        }

        return windows;
    }
}
