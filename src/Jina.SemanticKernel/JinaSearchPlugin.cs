using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.VectorData;
using Microsoft.SemanticKernel;

namespace Jina.SemanticKernel;

/// <summary>Represents a kernel plugin that searches a Jina chunk collection, for function calling: it returns text, source, span and score.</summary>
/// <remarks>
/// Open the collection with <see cref="JinaVectorStoreExtensions.GetJinaCollectionAsync"/> so that the query is embedded with
/// <c>retrieval.query</c> against the passages stored with <c>retrieval.passage</c>. The plugin runs
/// <see cref="JinaPassageSearchExtensions.SearchPassagesAsync"/>: hybrid (keyword and vector) search where the collection supports
/// it, with a <see cref="JinaPassageSearchOptions{TKey}.Reranker"/> its candidates reordered by Jina's reranker, and, when
/// <see cref="JinaPassageSearchOptions{TKey}.NeighborChunks"/> is set, each hit with the chunks around it.
/// </remarks>
public sealed class JinaSearchPlugin
{
    /// <summary>The default plugin name, <c>search</c>.</summary>
    public const string DefaultPluginName = "search";

    /// <summary>The name of the plugin's function, <c>Search</c>.</summary>
    public const string SearchFunctionName = "Search";

    private const int MaxTop = 50;

    private readonly Func<string, int, CancellationToken, Task<IReadOnlyList<JinaSearchResult>>> _search;
    private readonly int _defaultTop;

    private JinaSearchPlugin(Func<string, int, CancellationToken, Task<IReadOnlyList<JinaSearchResult>>> search, int defaultTop)
    {
        _search = search;
        _defaultTop = defaultTop;
    }

    /// <summary>Creates the plugin object over a collection, for calling <see cref="SearchAsync"/> directly or registering it yourself.</summary>
    /// <typeparam name="TKey">The collection's key type.</typeparam>
    /// <param name="collection">The collection to search.</param>
    /// <param name="defaultTop">How many passages a call returns when the model does not say; 5 unless given.</param>
    /// <returns>The plugin object.</returns>
    public static JinaSearchPlugin Create<TKey>(VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection, int defaultTop = 5)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultTop, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(defaultTop, MaxTop);
        return Create(collection, new JinaPassageSearchOptions<TKey> { Top = defaultTop });
    }

    /// <summary>Creates the plugin object over a collection with search options: the mode, a reranker, the neighbours of each hit, a filter.</summary>
    /// <typeparam name="TKey">The collection's key type.</typeparam>
    /// <param name="collection">The collection to search.</param>
    /// <param name="options">How to search; its <see cref="JinaPassageSearchOptions{TKey}.Top"/> is the count when the model does not say. Copied.</param>
    /// <returns>The plugin object.</returns>
    public static JinaSearchPlugin Create<TKey>(VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection, JinaPassageSearchOptions<TKey> options)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Top, MaxTop, "options.Top");
        options = options.Clone();
        return new JinaSearchPlugin(
            async (query, top, cancellationToken) =>
            {
                var passages = await collection.SearchPassagesAsync(query, options.Clone(top), cancellationToken).ConfigureAwait(false);
                return [.. passages.Select(static p => new JinaSearchResult(p.Text, p.Source ?? p.DocumentId, p.Score, p.DocumentId, p.Hit.ChunkIndex)
                {
                    Start = p.Start,
                    Length = p.Length,
                })];
            },
            options.Top);
    }

    /// <summary>Creates a kernel plugin over a collection, ready for <c>kernel.Plugins.Add</c>.</summary>
    /// <typeparam name="TKey">The collection's key type.</typeparam>
    /// <param name="collection">The collection to search.</param>
    /// <param name="pluginName">The plugin name, <see cref="DefaultPluginName"/> unless given.</param>
    /// <param name="defaultTop">How many passages a call returns when the model does not say.</param>
    /// <returns>The plugin, with one function, <see cref="SearchFunctionName"/>.</returns>
    public static KernelPlugin CreateKernelPlugin<TKey>(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        string pluginName = DefaultPluginName,
        int defaultTop = 5)
        where TKey : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginName);
        var options = new JsonSerializerOptions { TypeInfoResolver = JinaSemanticKernelJsonContext.Default };
        return KernelPluginFactory.CreateFromObject(Create(collection, defaultTop), options, pluginName);
    }

    /// <summary>Creates a kernel plugin over a collection with search options, ready for <c>kernel.Plugins.Add</c>.</summary>
    /// <typeparam name="TKey">The collection's key type.</typeparam>
    /// <param name="collection">The collection to search.</param>
    /// <param name="options">How to search: the mode, a reranker, the neighbours of each hit, a filter, the default count.</param>
    /// <param name="pluginName">The plugin name, <see cref="DefaultPluginName"/> unless given.</param>
    /// <returns>The plugin, with one function, <see cref="SearchFunctionName"/>.</returns>
    public static KernelPlugin CreateKernelPlugin<TKey>(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        JinaPassageSearchOptions<TKey> options,
        string pluginName = DefaultPluginName)
        where TKey : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginName);
        var serializerOptions = new JsonSerializerOptions { TypeInfoResolver = JinaSemanticKernelJsonContext.Default };
        return KernelPluginFactory.CreateFromObject(Create(collection, options), serializerOptions, pluginName);
    }

    /// <summary>Finds the passages most relevant to a query.</summary>
    /// <param name="query">What to look for, in natural language.</param>
    /// <param name="top">How many passages to return, or 0 for the plugin's default.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The passages, best first, each with its source, span and score.</returns>
    [KernelFunction(SearchFunctionName)]
    [Description("Searches the knowledge base and returns the passages most relevant to the query, best first, each with its text, source, position in its document and search score.")]
    public async Task<IReadOnlyList<JinaSearchResult>> SearchAsync(
        [Description("What to look for, in natural language.")] string query,
        [Description("How many passages to return (1 to 50); 0 for the default.")] int top = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        int count = top <= 0 ? _defaultTop : Math.Min(top, MaxTop);
        return await _search(query, count, cancellationToken).ConfigureAwait(false);
    }
}
