using System.Globalization;
using Jina.SemanticKernel;
using Microsoft.Agents.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.VectorData;

namespace Jina.Agents.AI;

/// <summary>Provides extension methods that hand a Jina chunk collection to Agent Framework's <see cref="TextSearchProvider"/>.</summary>
/// <remarks>
/// Open the collection with <see cref="JinaVectorStoreExtensions.GetJinaCollectionAsync"/>, so that the agent's search text is
/// embedded with <c>retrieval.query</c> against passages stored with <c>retrieval.passage</c>. Each result's
/// <see cref="TextSearchProvider.TextSearchResult.SourceName"/> is the chunk's source (its document id when it has none), its
/// <see cref="TextSearchProvider.TextSearchResult.SourceLink"/> points at the passage's characters in that source (an RFC 5147
/// <c>#char=start,end</c> fragment) when the source is a path or URL, and its
/// <see cref="TextSearchProvider.TextSearchResult.RawRepresentation"/> is the <see cref="VectorSearchResult{TRecord}"/> with the
/// whole chunk record (document id, chunk index, span) and its score.
/// </remarks>
public static class JinaTextSearchProviderExtensions
{
    private const int MaxTop = 50;

    /// <summary>Creates a <see cref="TextSearchProvider"/> that searches the collection: before each model call, or as a tool the model calls.</summary>
    /// <typeparam name="TKey">The collection's key type.</typeparam>
    /// <param name="collection">The collection to search.</param>
    /// <param name="top">How many passages each search returns; 5 unless given.</param>
    /// <param name="options">
    /// The provider's options, or <see langword="null"/> for its defaults: a search before every model call
    /// (<see cref="TextSearchProviderOptions.TextSearchBehavior.BeforeAIInvoke"/>), whose passages reach the model with their sources.
    /// </param>
    /// <param name="loggerFactory">The logger factory for the provider, or <see langword="null"/>.</param>
    /// <returns>The provider, for <c>ChatClientAgentOptions.AIContextProviders</c>.</returns>
    public static TextSearchProvider CreateTextSearchProvider<TKey>(
        this VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        int top = 5,
        TextSearchProviderOptions? options = null,
        ILoggerFactory? loggerFactory = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(collection);
        ValidateTop(top);
        return new TextSearchProvider(
            async (query, cancellationToken) => await collection.SearchTextAsync(query, top, cancellationToken).ConfigureAwait(false),
            options,
            loggerFactory);
    }

    /// <summary>Searches the collection and returns the passages as <see cref="TextSearchProvider"/> results, best first.</summary>
    /// <remarks>This is the search <see cref="CreateTextSearchProvider"/> runs; call it to build a provider that also sees or filters the results.</remarks>
    /// <typeparam name="TKey">The collection's key type.</typeparam>
    /// <param name="collection">The collection to search.</param>
    /// <param name="query">What to look for, in natural language.</param>
    /// <param name="top">How many passages to return, at most 50.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The passages with their text, source, link to their span and raw search result.</returns>
    public static async Task<IReadOnlyList<TextSearchProvider.TextSearchResult>> SearchTextAsync<TKey>(
        this VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        string query,
        int top = 5,
        CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(query);
        ValidateTop(top);

        var results = new List<TextSearchProvider.TextSearchResult>(top);
        if (string.IsNullOrWhiteSpace(query))
        {
            // The provider searches with the text of the request's messages, which may be empty (a message of images only).
            return results;
        }

        await foreach (var hit in collection.SearchAsync(query, top, null, cancellationToken).ConfigureAwait(false))
        {
            var chunk = hit.Record;
            results.Add(new TextSearchProvider.TextSearchResult
            {
                Text = chunk.Text,
                SourceName = chunk.Source ?? chunk.DocumentId,
                SourceLink = LinkToSpan(chunk.Source, chunk.Start, chunk.Length),
                RawRepresentation = hit,
            });
        }

        return results;
    }

    // A path or URL gets an RFC 5147 fragment naming the passage's characters; a title, or a source that already has a
    // fragment, has no place for one and gets no link.
    private static string? LinkToSpan(string? source, int start, int length)
    {
        if (string.IsNullOrEmpty(source) || source.Contains('#', StringComparison.Ordinal) || source.Any(char.IsWhiteSpace) ||
            !Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out _))
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{source}#char={start},{start + length}");
    }

    private static void ValidateTop(int top)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, MaxTop);
    }
}
