using Jina.Agents.AI;
using Jina.Extensions.AI;
using Jina.SemanticKernel;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace RagChat;

/// <summary>The LLM path: an Agent Framework agent whose <see cref="TextSearchProvider"/> puts the best passages, with their sources, before each model call.</summary>
internal sealed partial class RagChatEngine
{
    private const string Instructions =
        "You answer questions about the user's documents from the passages given with each question, briefly, in the language of " +
        "the question. Cite each passage you use by its source in square brackets, for example [Lightsaber FAQ (en) #5]. If the " +
        "passages do not contain the answer, say so.";

    // The question being answered on this async flow: how many passages to retrieve, and what the search found or threw.
    private static readonly AsyncLocal<Retrieval?> s_retrieval = new();

    private static ChatClientAgent CreateAgent(
        IChatClient chatClient, VectorStoreCollection<string, JinaDocumentChunk<string>> collection, SearchSettings settings, JinaReranker? reranker)
    {
        // The search runs before every model call rather than as a tool, so models without tool calling (small local ones) answer
        // from the documents too.
        var search = new TextSearchProvider(
            async (query, cancellationToken) =>
            {
                var retrieval = s_retrieval.Value ?? new Retrieval(Top: 3);
                try
                {
                    var results = await collection.SearchTextAsync(query, settings.ToOptions(retrieval.Top, reranker), cancellationToken).ConfigureAwait(false);
                    retrieval.Results.AddRange(results);
                    return results;
                }
                catch (Exception ex)
                {
                    // The provider logs a failed search and lets the model answer without context; RagChat reports it instead.
                    retrieval.Error = ex;
                    throw;
                }
            },
            new TextSearchProviderOptions
            {
                CitationsPrompt = "Cite the passages you use by their SourceDocName in square brackets.",
            });

        return new ChatClientAgent(chatClient, new ChatClientAgentOptions
        {
            Name = "RagChat",
            ChatOptions = new ChatOptions { Instructions = Instructions },
            AIContextProviders = [search],
        });
    }

    private static async Task<RagAnswer> AskAgentAsync(ChatClientAgent agent, string question, int top, CancellationToken cancellationToken)
    {
        var retrieval = new Retrieval(top);
        s_retrieval.Value = retrieval;
        try
        {
            var response = await agent.RunAsync(question, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (retrieval.Error is { } error)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }

            var passages = retrieval.Results
                .Select(r => (JinaPassage)r.RawRepresentation!)
                .DistinctBy(p => (p.DocumentId, p.Start, p.Length))
                .Select(ToPassage)
                .ToList();
            return new RagAnswer(response.Text, passages, FromChatModel: true);
        }
        finally
        {
            s_retrieval.Value = null;
        }
    }

    private sealed record Retrieval(int Top)
    {
        public List<TextSearchProvider.TextSearchResult> Results { get; } = [];

        public Exception? Error { get; set; }
    }
}
