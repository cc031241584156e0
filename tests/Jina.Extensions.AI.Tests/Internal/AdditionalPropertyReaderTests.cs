using System.Text.Json;

namespace Jina.Extensions.AI.Tests;

public sealed class AdditionalPropertyReaderTests
{
    public static TheoryData<object, bool> Booleans => new()
    {
        { true, true },
        { false, false },
        { "true", true },
        { "False", false },
        { " TRUE ", true },
        { Json("true"), true },
        { Json("false"), false },
        { Json("\"true\""), true },
        { Json("\"False\""), false },
    };

    public static TheoryData<object> NotBooleans => new() { 1, 0.5, "yes", "", new object(), Json("1"), Json("\"yes\""), Json("{}"), Json("[true]") };

    [Theory]
    [MemberData(nameof(Booleans))]
    public void ReadBool_NetAndJsonForms_ReadAlike(object value, bool expected)
    {
        Assert.Equal(expected, AdditionalPropertyReader.ReadBool(new() { ["normalized"] = value }, "normalized"));
    }

    [Fact]
    public void ReadBool_NotSet_ReturnsNull()
    {
        Assert.Null(AdditionalPropertyReader.ReadBool(null, "truncate"));
        Assert.Null(AdditionalPropertyReader.ReadBool(new() { ["other"] = true }, "truncate"));
        Assert.Null(AdditionalPropertyReader.ReadBool(new() { ["truncate"] = null }, "truncate"));
        Assert.Null(AdditionalPropertyReader.ReadBool(new() { ["truncate"] = Json("null") }, "truncate"));
    }

    [Theory]
    [MemberData(nameof(NotBooleans))]
    public void ReadBool_AnythingElse_ThrowsNamingTheKey(object value)
    {
        var ex = Assert.Throws<ArgumentException>("options", () => AdditionalPropertyReader.ReadBool(new() { ["late_chunking"] = value }, "late_chunking"));

        Assert.StartsWith("AdditionalProperties[\"late_chunking\"] must be true or false", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadString_NotSet_ReturnsFalse()
    {
        Assert.False(AdditionalPropertyReader.TryReadString(null, "task", out string? none));
        Assert.False(AdditionalPropertyReader.TryReadString(new() { ["other"] = "x" }, "task", out string? other));
        Assert.Null(none);
        Assert.Null(other);
    }

    [Fact]
    public void TryReadString_SetToNothing_ReturnsTrueWithNull()
    {
        foreach (object? value in new object?[] { null, "", "  ", Json("null"), Json("\"  \"") })
        {
            Assert.True(AdditionalPropertyReader.TryReadString(new() { ["task"] = value }, "task", out string? text));
            Assert.Null(text);
        }
    }

    [Fact]
    public void TryReadString_StringJsonStringOrTask_ReadsTrimmedText()
    {
        foreach (object value in new object[] { " retrieval.query ", Json("\"retrieval.query\""), JinaTask.RetrievalQuery })
        {
            Assert.True(AdditionalPropertyReader.TryReadString(new() { ["task"] = value }, "task", out string? text));
            Assert.Equal("retrieval.query", text);
        }
    }

    [Fact]
    public void TryReadString_JsonOtherThanAString_ThrowsNamingTheKey()
    {
        var ex = Assert.Throws<ArgumentException>("options", () => AdditionalPropertyReader.TryReadString(new() { ["task"] = Json("5") }, "task", out _));

        Assert.Contains("AdditionalProperties[\"task\"] must be a string, not JSON Number (5)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadString_OtherNetValue_ThrowsNamingTheKeyInsteadOfSendingItsText()
    {
        foreach (object value in new object[] { 5, true })
        {
            var ex = Assert.Throws<ArgumentException>("options", () => AdditionalPropertyReader.TryReadString(new() { ["task"] = value }, "task", out _));

            Assert.Contains($"AdditionalProperties[\"task\"] must be a string or a JinaTask, not {value.GetType().Name}", ex.Message, StringComparison.Ordinal);
        }
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
