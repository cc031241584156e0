using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI;

/// <summary>Represents an embedding generator of images and PDFs backed by the Jina API's multimodal models, jina-embeddings-v4 and jina-clip-v2.</summary>
/// <remarks>
/// <para>
/// It takes <see cref="DataContent"/> with <c>image/*</c> or <c>application/pdf</c> bytes, sent as base64, and <see cref="UriContent"/>
/// with an http(s) address, sent as it is for the service to fetch. An image or PDF may be up to 8 MB; a larger one fails before any
/// request. A PDF goes alone in its request, as the service requires; other inputs are grouped up to the model's inputs per request.
/// </para>
/// <para>
/// It is built from the same <see cref="JinaEmbeddingGeneratorOptions"/> as <see cref="JinaEmbeddingGenerator"/> and honours the same
/// per-call options (task, dimensions, <c>embedding_type</c>), with the same retries, errors and per-key rate limiter. Text and images
/// of one model share one vector space: a <see cref="JinaEmbeddingGenerator"/> of the same model and dimensions embeds the text
/// questions that search an image collection. It also returns bit vectors (<see cref="BinaryEmbedding"/>) through its
/// <c>IEmbeddingGenerator&lt;…, BinaryEmbedding&gt;</c> interfaces.
/// </para>
/// </remarks>
[Experimental(JinaExperiments.Images, UrlFormat = JinaExperiments.ImagesUrl)]
public sealed class JinaImageEmbeddingGenerator :
    IEmbeddingGenerator<DataContent, Embedding<float>>,
    IEmbeddingGenerator<DataContent, BinaryEmbedding>,
    IEmbeddingGenerator<UriContent, Embedding<float>>,
    IEmbeddingGenerator<UriContent, BinaryEmbedding>
{
    /// <summary>The model used when none is given: jina-embeddings-v4, which Jina recommends for multimodal work.</summary>
    public const string DefaultModelId = "jina-embeddings-v4";

    private readonly JinaEmbeddingGenerator _core;

    /// <summary>Initializes a new instance of the <see cref="JinaImageEmbeddingGenerator"/> class for an API key and a model.</summary>
    /// <param name="apiKey">The Jina API key.</param>
    /// <param name="modelId">The model, <c>jina-embeddings-v4</c> unless given.</param>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> or <paramref name="modelId"/> is empty, or the model embeds text only.</exception>
    public JinaImageEmbeddingGenerator(string apiKey, string modelId = DefaultModelId)
        : this(CreateOptions(apiKey, modelId))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JinaImageEmbeddingGenerator"/> class with settings and an optional <see cref="HttpClient"/>.</summary>
    /// <param name="options">The settings, as for <see cref="JinaEmbeddingGenerator"/>; <see cref="JinaEmbeddingGeneratorOptions.ModelId"/> must name a multimodal model. They are copied.</param>
    /// <param name="httpClient">The client to send requests with (not disposed by the generator), or <see langword="null"/> to create one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The settings are invalid, or the model embeds text only.</exception>
    public JinaImageEmbeddingGenerator(JinaEmbeddingGeneratorOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (JinaModels.Find(options.ModelId ?? string.Empty) is { } model && (model.Modalities & JinaModalities.Image) == 0)
        {
            throw new ArgumentException(
                $"{model.Id} embeds text only. Set {nameof(JinaEmbeddingGeneratorOptions)}.{nameof(JinaEmbeddingGeneratorOptions.ModelId)} to a " +
                $"multimodal model, {JinaEmbeddingGenerator.MultimodalModels}, and embed the text that searches the images with the same model.",
                nameof(options));
        }

        _core = new JinaEmbeddingGenerator(options, httpClient);
    }

    /// <summary>Gets the API client, for tests that look at the shared rate limiter.</summary>
    internal JinaApiClient Client => _core.Client;

    /// <summary>Embeds images and PDFs given by their bytes.</summary>
    /// <param name="values">Contents with an <c>image/*</c> or <c>application/pdf</c> media type, each up to 8 MB.</param>
    /// <param name="options">The task, dimensions and other options of the call, or <see langword="null"/> for the generator's.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>One vector per input, in input order.</returns>
    /// <exception cref="ArgumentException">An input is null, empty, over 8 MB or neither an image nor a PDF, or the model embeds text only.</exception>
    /// <exception cref="JinaApiException">The service refused the request.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<DataContent> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        _core.GenerateCoreAsync<Embedding<float>>(DataInputs(values), options, cancellationToken);

    /// <summary>Embeds images and PDFs given by their http(s) addresses; the service fetches them.</summary>
    /// <param name="values">Addresses of images or PDFs, told apart by the media type each <see cref="UriContent"/> is given.</param>
    /// <param name="options">The task, dimensions and other options of the call, or <see langword="null"/> for the generator's.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>One vector per input, in input order.</returns>
    /// <exception cref="ArgumentException">An input is null, not an absolute http(s) address, or neither an image nor a PDF, or the model embeds text only.</exception>
    /// <exception cref="JinaApiException">The service refused the request.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<UriContent> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        _core.GenerateCoreAsync<Embedding<float>>(UriInputs(values), options, cancellationToken);

    /// <inheritdoc/>
    Task<GeneratedEmbeddings<BinaryEmbedding>> IEmbeddingGenerator<DataContent, BinaryEmbedding>.GenerateAsync(
        IEnumerable<DataContent> values, EmbeddingGenerationOptions? options, CancellationToken cancellationToken) =>
        _core.GenerateCoreAsync<BinaryEmbedding>(DataInputs(values), options, cancellationToken);

    /// <inheritdoc/>
    Task<GeneratedEmbeddings<BinaryEmbedding>> IEmbeddingGenerator<UriContent, BinaryEmbedding>.GenerateAsync(
        IEnumerable<UriContent> values, EmbeddingGenerationOptions? options, CancellationToken cancellationToken) =>
        _core.GenerateCoreAsync<BinaryEmbedding>(UriInputs(values), options, cancellationToken);

    /// <summary>Returns a builder of a float pipeline of <see cref="DataContent"/> around this generator.</summary>
    /// <remarks>The generator implements several <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> interfaces, so MEAI's generic <c>AsBuilder()</c> cannot tell which pipeline is meant; for another, start from that interface.</remarks>
    /// <returns>A builder whose inner generator is this one.</returns>
    public EmbeddingGeneratorBuilder<DataContent, Embedding<float>> AsBuilder() => new(this);

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return
            serviceType == typeof(EmbeddingGeneratorMetadata) || serviceType == typeof(EmbeddingModelCapabilities) || serviceType == typeof(HttpClient)
                ? _core.GetService(serviceType)
                : serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc/>
    public void Dispose() => _core.Dispose();

    /// <inheritdoc/>
    public override string ToString()
    {
        var metadata = (EmbeddingGeneratorMetadata)_core.GetService(typeof(EmbeddingGeneratorMetadata))!;
        return $"{nameof(JinaImageEmbeddingGenerator)} {{ Endpoint = {metadata.ProviderUri}, ModelId = {metadata.DefaultModelId} }}";
    }

    private static JinaEmbeddingGeneratorOptions CreateOptions(string apiKey, string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return new JinaEmbeddingGeneratorOptions { ApiKey = apiKey, ModelId = modelId };
    }

    private static JinaEmbeddingInput[] DataInputs(IEnumerable<DataContent> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        DataContent[] contents = [.. values];
        var inputs = new JinaEmbeddingInput[contents.Length];
        for (int i = 0; i < contents.Length; i++)
        {
            DataContent content = contents[i] ?? throw new ArgumentException($"Input {i} is null; every input must be an image or a PDF.", nameof(values));
            string name = content.Name is { Length: > 0 } n ? $" ({n})" : string.Empty;
            JinaInputKind kind = KindOf(content.MediaType)
                ?? throw new ArgumentException(
                    $"Input {i}{name} is {content.MediaType}; the Jina API embeds images (image/*) and PDFs (application/pdf). Embed text with {nameof(JinaEmbeddingGenerator)}.",
                    nameof(values));
            ReadOnlyMemory<byte> data = content.Data;
            if (data.IsEmpty)
            {
                throw new ArgumentException($"Input {i}{name} has no bytes; remove it or give it the file's content.", nameof(values));
            }

            if (data.Length > JinaEmbeddingInput.MaxMediaBytes)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Input {i}{name} is {data.Length:N0} bytes; the Jina API takes images and PDFs of up to 8 MB ({JinaEmbeddingInput.MaxMediaBytes:N0} bytes). ") +
                    "Scale or compress the image, or split the PDF, and nothing of this call is sent.",
                    nameof(values));
            }

            inputs[i] = new JinaEmbeddingInput(kind, null, data);
        }

        return inputs;
    }

    private static JinaEmbeddingInput[] UriInputs(IEnumerable<UriContent> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        UriContent[] contents = [.. values];
        var inputs = new JinaEmbeddingInput[contents.Length];
        for (int i = 0; i < contents.Length; i++)
        {
            UriContent content = contents[i] ?? throw new ArgumentException($"Input {i} is null; every input must be the address of an image or a PDF.", nameof(values));
            Uri uri = content.Uri;
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                // A relative address has no scheme to name (Uri.Scheme throws for it).
                string given = uri.IsAbsoluteUri ? $"'{uri.Scheme}:'" : "a relative address";
                throw new ArgumentException(
                    $"Input {i} is not an http(s) address ({given}); the service fetches images by URL. Send a file's bytes as a DataContent instead.",
                    nameof(values));
            }

            JinaInputKind kind = KindOf(content.MediaType)
                ?? throw new ArgumentException(
                    $"Input {i} ({uri.GetLeftPart(UriPartial.Path)}) is {content.MediaType}; the Jina API embeds images and PDFs. Give the UriContent the image/* or application/pdf media type of what its address serves.",
                    nameof(values));
            inputs[i] = new JinaEmbeddingInput(kind, uri.AbsoluteUri, default);
        }

        return inputs;
    }

    private static JinaInputKind? KindOf(string mediaType) =>
        mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? JinaInputKind.Image
        : string.Equals(mediaType, "application/pdf", StringComparison.OrdinalIgnoreCase) ? JinaInputKind.Pdf
        : null;
}
