// Part of CI's consumer check (../consumer-check): what a README snippet takes from the text around it ("given: ..."),
// made the way the README says, with the packages as a user installs them.
using System.Runtime.CompilerServices;
using Jina.Extensions.AI;
using Jina.SemanticKernel;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.VectorData;

namespace ConsumerCheck;

internal static class Givens
{
    public const string FaqText = "Why is my blade dimmer than before? Your crystal's power cell is running low: recharge it in the docking bay.";

    /// <summary>An application builder, as <c>Host.CreateApplicationBuilder(args)</c> gives one.</summary>
    public static Task<HostApplicationBuilder> BuilderAsync() => Task.FromResult(Host.CreateApplicationBuilder());

    /// <summary>A Jina API embedding generator, as the Microsoft.Extensions.AI quick start makes one (JINA_API_KEY, JINA_ENDPOINT).</summary>
    public static Task<IEmbeddingGenerator<string, Embedding<float>>> GeneratorAsync() =>
        Task.FromResult<IEmbeddingGenerator<string, Embedding<float>>>(new JinaEmbeddingGenerator(Environment.GetEnvironmentVariable("JINA_API_KEY")!));

    /// <summary>Documents to ingest.</summary>
    public static Task<IReadOnlyList<JinaDocument>> DocumentsAsync() =>
        Task.FromResult<IReadOnlyList<JinaDocument>>([new JinaDocument("faq-1", FaqText, "faq.md")]);

    /// <summary>A Jina chunk collection, opened and ingested as the Semantic Kernel quick start does.</summary>
    public static async Task<VectorStoreCollection<Guid, JinaDocumentChunk<Guid>>> CollectionAsync()
    {
        // The generator lives as long as the collection, which is the whole run.
        var generator = new JinaEmbeddingGenerator(Environment.GetEnvironmentVariable("JINA_API_KEY")!);
        var collection = await new InMemoryVectorStore().GetJinaCollectionAsync<Guid>("docs", generator, dimensions: 1024);
        await new JinaVectorStoreIngestor<Guid>(collection, generator).IngestAsync([new JinaDocument("faq-1", FaqText, "faq.md")]);
        return collection;
    }

    /// <summary>A folder of images, as the images quick start reads one: a photo whose caption the emulator embeds as its text.</summary>
    public static async Task<string> PhotosAsync()
    {
        // In the app's folder, which the check removes when it ends.
        string folder = Directory.CreateDirectory("photos").FullName;
        // JPEG's start-of-image marker, then the emulator's caption convention (jina-caption:<text>, to the line's end).
        byte[] photo = [0xFF, 0xD8, 0xFF, 0xE0, .. "jina-caption:a red bicycle leaning against a brick wall\n"u8];
        await File.WriteAllBytesAsync(Path.Combine(folder, "bicycle.jpg"), photo);
        return folder;
    }

    /// <summary>A chat model stand-in that insists on being given the ingested passage, and answers with what it was given.</summary>
    public static Task<IChatClient> ChatClientAsync() => Task.FromResult<IChatClient>(new PassageCheckingChatClient());

    private sealed class PassageCheckingChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            string seen = string.Join("\n", messages.Select(m => m.Text));
            if (!seen.Contains("power cell", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The model was called without the ingested passage; it saw:\n" + seen);
            }

            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "From faq.md: recharge the power cell.")));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            ChatResponse response = await GetResponseAsync(messages, options, cancellationToken);
            foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}
