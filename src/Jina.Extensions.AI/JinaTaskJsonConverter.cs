using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jina.Extensions.AI;

/// <summary>Reads and writes a <see cref="JinaTask"/> as its task name.</summary>
internal sealed class JinaTaskJsonConverter : JsonConverter<JinaTask>
{
    public override JinaTask Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("A Jina task must be a non-empty string."));

    public override void Write(Utf8JsonWriter writer, JinaTask value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
