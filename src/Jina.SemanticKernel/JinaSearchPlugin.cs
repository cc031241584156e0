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
/// it, and, when <see cref="JinaPassageSearchOptions.NeighborChunks"/> is set, each hit with the chunks around it.
/// </remarks>
public sealed class JinaSearchPlugin
{
    /// <summary>The default plugin name, <c>search</c>.</summary>
    public const string DefaultPluginName = "search";

    /// <summary>The name of the plugin's function, <c>Search</c>.</summary>
    public const string SearchFunctionName = "Search";

    private const int MaxTop = 50;

    private readonly VectorStoreCollection<string, JinaDocumentChunk> _collection;
    private readonly JinaPassageSearchOptions _options;

    /// <summary>Initializes a new instance of the <see cref="JinaSearchPlugin"/> class.</summary>
    /// <param name="collection">The collection to search.</param>
    /// <param name="defaultTop">How many passages a call returns when the model does not say; 5 unless given.</param>
    public JinaSearchPlugin(VectorStoreCollection<string, JinaDocumentChunk> collection, int defaultTop = 5)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultTop, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(defaultTop, MaxTop);
        _collection = collection;
        _options = new() { Top = defaultTop };
    }

    /// <summary>Initializes a new instance of the <see cref="JinaSearchPlugin"/> class with search options.</summary>
    /// <param name="collection">The collection to search.</param>
    /// <param name="options">How to search; its <see cref="JinaPassageSearchOptions.Top"/> is the count when the model does not say. Copied.</param>
    public JinaSearchPlugin(VectorStoreCollection<string, JinaDocumentChunk> collection, JinaPassageSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Top, 1, "options.Top");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Top, MaxTop, "options.Top");
        ArgumentOutOfRangeException.ThrowIfNegative(options.NeighborChunks, "options.NeighborChunks");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.NeighborChunks, JinaPassageSearchOptions.MaxNeighborChunks, "options.NeighborChunks");
        _collection = collection;
        _options = new() { Top = options.Top, Mode = options.Mode, NeighborChunks = options.NeighborChunks, Filter = options.Filter };
    }

    /// <summary>Creates a kernel plugin over a collection, ready for <c>kernel.Plugins.Add</c>.</summary>
    /// <param name="collection">The collection to search.</param>
    /// <param name="pluginName">The plugin name, <see cref="DefaultPluginName"/> unless given.</param>
    /// <param name="defaultTop">How many passages a call returns when the model does not say.</param>
    /// <returns>The plugin, with one function, <see cref="SearchFunctionName"/>.</returns>
    public static KernelPlugin CreateKernelPlugin(
        VectorStoreCollection<string, JinaDocumentChunk> collection,
        string pluginName = DefaultPluginName,
        int defaultTop = 5)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginName);
        return Create(new JinaSearchPlugin(collection, defaultTop), pluginName);
    }

    /// <summary>Creates a kernel plugin over a collection with search options, ready for <c>kernel.Plugins.Add</c>.</summary>
    /// <param name="collection">The collection to search.</param>
    /// <param name="options">How to search: the mode, the neighbours of each hit, a filter, the default count.</param>
    /// <param name="pluginName">The plugin name, <see cref="DefaultPluginName"/> unless given.</param>
    /// <returns>The plugin, with one function, <see cref="SearchFunctionName"/>.</returns>
    public static KernelPlugin CreateKernelPlugin(
        VectorStoreCollection<string, JinaDocumentChunk> collection,
        JinaPassageSearchOptions options,
        string pluginName = DefaultPluginName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginName);
        return Create(new JinaSearchPlugin(collection, options), pluginName);
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
        var options = new JinaPassageSearchOptions
        {
            Top = top <= 0 ? _options.Top : Math.Min(top, MaxTop),
            Mode = _options.Mode,
            NeighborChunks = _options.NeighborChunks,
            Filter = _options.Filter,
        };

        var passages = await _collection.SearchPassagesAsync(query, options, cancellationToken).ConfigureAwait(false);
        return [.. passages.Select(static p => new JinaSearchResult(p.Text, p.Source ?? p.DocumentId, p.Score, p.DocumentId, p.Hit.ChunkIndex)
        {
            Start = p.Start,
            Length = p.Length,
        })];
    }

    private static KernelPlugin Create(JinaSearchPlugin plugin, string pluginName)
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = JinaSemanticKernelJsonContext.Default };
        return KernelPluginFactory.CreateFromObject(plugin, options, pluginName);
    }
}
