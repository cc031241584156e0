using System.Collections.Concurrent;
using System.Text.Json;

namespace Jina.Extensions.AI;

/// <summary>The models an endpoint lists at <c>GET /v1/models</c>, read once per endpoint for the whole process.</summary>
/// <remarks>
/// Only asked for when a generator meets a model this library does not know and discovery is on. A failed lookup (a gateway
/// without the route, a network error) is remembered as an empty list: discovery is a refinement, never a reason to fail a call.
/// </remarks>
internal static class JinaModelCatalog
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyDictionary<string, JinaDiscoveredModel>>>> s_catalogs = new(StringComparer.Ordinal);

    /// <summary>Returns what the endpoint says of <paramref name="modelId"/>, or <see langword="null"/> when it does not list it.</summary>
    public static async Task<JinaDiscoveredModel?> FindAsync(JinaApiClient client, string modelId, CancellationToken cancellationToken)
    {
        Lazy<Task<IReadOnlyDictionary<string, JinaDiscoveredModel>>> catalog = s_catalogs.GetOrAdd(
            client.BaseAddress.AbsoluteUri,
            _ => new Lazy<Task<IReadOnlyDictionary<string, JinaDiscoveredModel>>>(() => LoadAsync(client)));

        // The lookup is shared, so it runs to its end whatever happens to the caller who started it; each caller may stop waiting.
        IReadOnlyDictionary<string, JinaDiscoveredModel> models = await catalog.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return models.TryGetValue(modelId, out JinaDiscoveredModel? model) ? model : null;
    }

    /// <summary>Forgets every endpoint's list, for tests.</summary>
    internal static void Clear() => s_catalogs.Clear();

    private static async Task<IReadOnlyDictionary<string, JinaDiscoveredModel>> LoadAsync(JinaApiClient client)
    {
        try
        {
            return await client.GetAsync("models", static (body, _) => Parse(body), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JinaApiException or HttpRequestException or TimeoutException or JsonException)
        {
            return new Dictionary<string, JinaDiscoveredModel>();
        }
    }

    // {"object": "list", "data": [{"id", "context_length", "max_output_length", "input_modalities", "supported_features"}]}, or the bare list.
    private static Dictionary<string, JinaDiscoveredModel> Parse(ReadOnlySpan<byte> body)
    {
        var models = new Dictionary<string, JinaDiscoveredModel>(StringComparer.OrdinalIgnoreCase);
        var reader = new Utf8JsonReader(body);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement list = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("data", out JsonElement data)
            ? data
            : document.RootElement;
        if (list.ValueKind != JsonValueKind.Array)
        {
            return models;
        }

        foreach (JsonElement item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("id", out JsonElement id) || id.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            models[id.GetString()!] = new JinaDiscoveredModel(
                id.GetString()!,
                ReadInt(item, "context_length"),
                ReadInt(item, "max_output_length"),
                ReadStrings(item, "input_modalities"),
                ReadStrings(item, "supported_features"));
        }

        return models;
    }

    private static int? ReadInt(JsonElement item, string name) =>
        item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) && number > 0 ? number : null;

    private static string[]? ReadStrings(JsonElement item, string name) =>
        item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : null;
}
