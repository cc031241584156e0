using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Jina.SemanticKernel;
using Microsoft.Agents.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.VectorData;

namespace Jina.Agents.AI;

/// <summary>Provides extension methods that hand a Jina chunk collection to Agent Framework's <see cref="TextSearchProvider"/>.</summary>
/// <remarks>
/// Open the collection with <see cref="JinaVectorStoreExtensions.GetJinaCollectionAsync"/>, so that the agent's search text is
/// embedded with <c>retrieval.query</c> against passages stored with <c>retrieval.passage</c>. The search is
/// <see cref="JinaPassageSearchExtensions.SearchPassagesAsync"/>: hybrid (keywords and vectors) where the collection supports it,
/// with a <see cref="JinaPassageSearchOptions{TKey}.Reranker"/> the candidates reordered by Jina's reranker, and with
/// <see cref="JinaPassageSearchOptions{TKey}.NeighborChunks"/> each hit brings the chunks around it. Each result's
/// <see cref="TextSearchProvider.TextSearchResult.SourceName"/> is the passage's source (its document id when it has none), its
/// <see cref="TextSearchProvider.TextSearchResult.SourceLink"/> points at the passage's characters in that source (an RFC 5147
/// <c>#char=start,end</c> fragment) when the source is a path or URL, and its
/// <see cref="TextSearchProvider.TextSearchResult.RawRepresentation"/> is the <see cref="JinaPassage"/>: document id, span, score,
/// and each chunk with its index and the search stage that found it.
/// </remarks>
[Experimental(JinaExperiments.Agents, UrlFormat = JinaExperiments.AgentsUrl)]
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
    [Experimental(JinaExperiments.Agents, UrlFormat = JinaExperiments.AgentsUrl)]
    public static TextSearchProvider CreateTextSearchProvider<TKey>(
        this VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        int top = 5,
        TextSearchProviderOptions? options = null,
        ILoggerFactory? loggerFactory = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(collection);
        ValidateTop(top);
        return collection.CreateTextSearchProvider(new JinaPassageSearchOptions<TKey> { Top = top }, options, loggerFactory);
    }

    /// <summary>Creates a <see cref="TextSearchProvider"/> that searches the collection as <paramref name="search"/> says: before each model call, or as a tool.</summary>
    /// <typeparam name="TKey">The collection's key type.</typeparam>
    /// <param name="collection">The collection to search.</param>
    /// <param name="search">How to search: how many hits (at most 50), hybrid or vector, a reranker, the neighbours of each hit, a filter. Copied.</param>
    /// <param name="options">The provider's options, or <see langword="null"/> for its defaults (a search before every model call).</param>
    /// <param name="loggerFactory">The logger factory for the provider, or <see langword="null"/>.</param>
    /// <returns>The provider, for <c>ChatClientAgentOptions.AIContextProviders</c>.</returns>
    [Experimental(JinaExperiments.Agents, UrlFormat = JinaExperiments.AgentsUrl)]
    public static TextSearchProvider CreateTextSearchProvider<TKey>(
        this VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        JinaPassageSearchOptions<TKey> search,
        TextSearchProviderOptions? options = null,
        ILoggerFactory? loggerFactory = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(search);
        ValidateTop(search.Top);
        search = search.Clone();
        return new TextSearchProvider(
            async (query, cancellationToken) => await collection.SearchTextAsync(query, search, cancellationToken).ConfigureAwait(false),
            options,
            loggerFactory);
    }

    /// <summary>Searches the collection and returns the passages as <see cref="TextSearchProvider"/> results, best first.</summary>
    /// <remarks>This is the search <see cref="CreateTextSearchProvider{TKey}(VectorStoreCollection{TKey, JinaDocumentChunk{TKey}}, int, TextSearchProviderOptions?, ILoggerFactory?)"/> runs; call it to build a provider that also sees or filters the results.</remarks>
    /// <typeparam name="TKey">The collection's key type.</typeparam>
    /// <param name="collection">The collection to search.</param>
    /// <param name="query">What to look for, in natural language.</param>
    /// <param name="top">How many passages to return, at most 50.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The passages with their text, source, link to their span and the <see cref="JinaPassage"/>.</returns>
    [Experimental(JinaExperiments.Agents, UrlFormat = JinaExperiments.AgentsUrl)]
    public static Task<IReadOnlyList<TextSearchProvider.TextSearchResult>> SearchTextAsync<TKey>(
        this VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        string query,
        int top = 5,
        CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(collection);
        ValidateTop(top);
        return collection.SearchTextAsync(query, new JinaPassageSearchOptions<TKey> { Top = top }, cancellationToken);
    }

    /// <summary>Searches the collection as <paramref name="search"/> says and returns the passages as <see cref="TextSearchProvider"/> results, best first.</summary>
    /// <typeparam name="TKey">The collection's key type.</typeparam>
    /// <param name="collection">The collection to search.</param>
    /// <param name="query">What to look for, in natural language.</param>
    /// <param name="search">How to search: how many hits (at most 50), hybrid or vector, a reranker, the neighbours of each hit, a filter.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The passages with their text, source, link to their span and the <see cref="JinaPassage"/>.</returns>
    [Experimental(JinaExperiments.Agents, UrlFormat = JinaExperiments.AgentsUrl)]
    public static async Task<IReadOnlyList<TextSearchProvider.TextSearchResult>> SearchTextAsync<TKey>(
        this VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        string query,
        JinaPassageSearchOptions<TKey> search,
        CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(search);
        ValidateTop(search.Top);

        var results = new List<TextSearchProvider.TextSearchResult>(search.Top);
        if (string.IsNullOrWhiteSpace(query))
        {
            // The provider searches with the text of the request's messages, which may be empty (a message of images only).
            return results;
        }

        foreach (var passage in await collection.SearchPassagesAsync(query, search, cancellationToken).ConfigureAwait(false))
        {
            results.Add(new TextSearchProvider.TextSearchResult
            {
                Text = passage.Text,
                SourceName = passage.Source ?? passage.DocumentId,
                SourceLink = LinkToSpan(passage.Source, passage.Start, passage.Length),
                RawRepresentation = passage,
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
