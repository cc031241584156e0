using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Jina.SemanticKernel.Tests;

public sealed partial class JinaChunkKeysTests
{
    // Expected values computed outside .NET, with Python's uuid.uuid5(namespace, f"{document_id}#{chunk_index}") and
    // base64.urlsafe_b64encode(document_id.encode()).rstrip("=") + "=" + str(chunk_index): the keys are the same in every
    // process, on every machine, and in any language.
    public static TheoryData<string, int, string, string> KnownKeys() => new()
    {
        { "faq.md", 0, "9254587c-5452-5399-8651-0174acf3bc0c", "ZmFxLm1k=0" },
        { "chat/birthday-dinner", 9, "f2a1312e-91ae-5409-a950-3797dd6dfa62", "Y2hhdC9iaXJ0aGRheS1kaW5uZXI=9" },
        { "生日晚餐.txt", 3, "88ac7b99-9e83-574b-b480-2db6bc10d833", "55Sf5pel5pma6aSQLnR4dA=3" },
        { "a#1", 0, "484c185a-37c3-5ff3-af0c-7d8409cfe4cb", "YSMx=0" },
        { "a", 10, "65a9f0ef-d716-5abe-b846-309d7be6e2ac", "YQ=10" },
        { "https://example.com/docs?id=7&lang=en", int.MaxValue, "aa50bda2-5ef6-594c-9b09-d0ac23f2be22", "aHR0cHM6Ly9leGFtcGxlLmNvbS9kb2NzP2lkPTcmbGFuZz1lbg=2147483647" },
    };

    [Theory]
    [MemberData(nameof(KnownKeys))]
    public void Create_KnownDocumentsAndIndexes_MatchValuesComputedIndependently(string documentId, int chunkIndex, string guid, string text)
    {
        Assert.Equal(Guid.Parse(guid), JinaChunkKeys.Create<Guid>(documentId, chunkIndex));
        Assert.Equal(text, JinaChunkKeys.Create<string>(documentId, chunkIndex));
    }

    [Fact]
    public void Create_Guid_IsAVersion5RfcVariantUuidInOurNamespace()
    {
        var key = JinaChunkKeys.Create<Guid>("faq.md", 0);
        Span<byte> bytes = stackalloc byte[16];
        Assert.True(key.TryWriteBytes(bytes, bigEndian: true, out _));

        Assert.Equal(5, bytes[6] >> 4);
        Assert.Equal(0b10, bytes[8] >> 6);
        Assert.Equal(Guid.Parse("d6515f2e-985b-492c-9cbc-20d72b3384c1"), JinaChunkKeys.Namespace);
    }

    [Fact]
    public void Create_SameInputsTwice_SameKeys()
    {
        Assert.Equal(JinaChunkKeys.Create<Guid>("doc", 3), JinaChunkKeys.Create<Guid>(new string("doc".ToCharArray()), 3));
        Assert.Equal(JinaChunkKeys.Create<string>("doc", 3), JinaChunkKeys.Create<string>(new string("doc".ToCharArray()), 3));
    }

    [Fact]
    public void Create_PairsThatJoinToTheSameText_GetDifferentKeys()
    {
        // Every pair whose naive join ("{id}#{index}", "{id}{index}", "{id}={index}") collides with another's.
        (string Id, int Index)[] pairs =
        [
            ("a#1", 0), ("a", 10), ("a#10", 0), ("a1", 0), ("a", 1), ("a=1", 0), ("a=", 10), ("a#", 10), ("1", 1), ("11", 1), ("", 0),
            ("YQ", 10), ("YQ=1", 0), ("a b", 0), ("a_b", 0), ("a-b", 0), ("A", 0), ("ä", 0), ("a\u0308", 0),
        ];
        pairs = [.. pairs.Where(p => p.Id.Length > 0)];

        Assert.Equal(pairs.Length, pairs.Select(p => JinaChunkKeys.Create<string>(p.Id, p.Index)).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(pairs.Length, pairs.Select(p => JinaChunkKeys.Create<Guid>(p.Id, p.Index)).Distinct().Count());
    }

    [Fact]
    public void Create_String_DecodesBackToItsPair_SoNoTwoPairsShareAKey()
    {
        // A key that decodes to exactly one (id, index) cannot be the key of any other pair. The library never decodes keys;
        // this test does, to show the encoding is one-to-one over random ids full of '=', '#', digits and non-ASCII text.
        var random = new Random(20260914);
        const string alphabet = "a=#_-1/ .é生😀";
        var pairs = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        for (int n = 0; n < 5000; n++)
        {
            var id = new StringBuilder();
            int length = random.Next(1, 12);
            while (id.Length < length)
            {
                int i = random.Next(alphabet.Length);
                id.Append(char.IsHighSurrogate(alphabet[i]) ? alphabet.AsSpan(i, 2) : char.IsLowSurrogate(alphabet[i]) ? alphabet.AsSpan(i - 1, 2) : alphabet.AsSpan(i, 1));
            }

            if (string.IsNullOrWhiteSpace(id.ToString()))
            {
                continue; // Blank ids are refused before any key is made.
            }

            int index = random.Next(0, 3) == 0 ? random.Next() : random.Next(0, 30);
            string key = JinaChunkKeys.Create<string>(id.ToString(), index);

            Assert.Equal((id.ToString(), index), Decode(key));
            Assert.Matches(SafeKey(), key);
            Assert.Equal(pairs.GetValueOrDefault(key, (id.ToString(), index)), (id.ToString(), index));
            pairs[key] = (id.ToString(), index);
        }
    }

    [Fact]
    public void Create_String_UsesOnlySafeCharactersAndNeverStartsWithUnderscoreOrDash()
    {
        // The first base64url character is '_' or '-' only for lead bytes 0xF8..0xFF, which UTF-8 never produces; the ids below
        // start with the highest lead bytes UTF-8 has.
        foreach (string id in new[] { "\U0010FFFF", "\uFFFF", "\u07FF", "~", "\u007F", "?", ">" })
        {
            string key = JinaChunkKeys.Create<string>(id, 7);

            Assert.Matches(SafeKey(), key);
            Assert.DoesNotMatch("^[_-]", key);
            Assert.Single(key, c => c == '=');
        }
    }

    [Fact]
    public void Create_String_LongestAcceptedId_FitsTheStrictestKeyLength()
    {
        string id = new('x', JinaChunkKeys.MaxStringKeyDocumentIdBytes);

        string key = JinaChunkKeys.Create<string>(id, int.MaxValue);

        Assert.InRange(key.Length, 1, 1023);
    }

    [Fact]
    public void Create_String_IdTooLong_ThrowsSayingToUseGuidKeys()
    {
        string id = new('x', JinaChunkKeys.MaxStringKeyDocumentIdBytes + 1);

        var error = Assert.Throws<ArgumentException>(() => JinaChunkKeys.Create<string>(id, 0));

        Assert.Contains("Guid", error.Message, StringComparison.Ordinal);
        Assert.NotEqual(Guid.Empty, JinaChunkKeys.Create<Guid>(id + id, 0));
    }

    [Fact]
    public void Create_IdWithLoneSurrogate_Throws()
    {
        // Lone surrogates have no UTF-8 form; encoding them as U+FFFD would give "a\uD800" and "a\uDC00" one key.
        Assert.Throws<ArgumentException>(() => JinaChunkKeys.Create<Guid>("a\uD800", 0));
        Assert.Throws<ArgumentException>(() => JinaChunkKeys.Create<string>("a\uDC00", 0));
    }

    [Fact]
    public void Create_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => JinaChunkKeys.Create<Guid>(" ", 0));
        Assert.Throws<ArgumentNullException>(() => JinaChunkKeys.Create<string>(null!, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => JinaChunkKeys.Create<Guid>("doc", -1));
        Assert.Throws<NotSupportedException>(() => JinaChunkKeys.Create<int>("doc", 0));
    }

    [Fact]
    public void DocumentNumber_IsStableAndBelowTwoToThe53()
    {
        // Computed outside .NET: int.from_bytes(sha256(id.encode()).digest()[:8], "big") >> 11.
        Assert.Equal(309133994551527L, JinaChunkKeys.DocumentNumber("faq.md"));
        Assert.Equal(8496184961156916L, JinaChunkKeys.DocumentNumber("chat/birthday-dinner"));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.InRange(JinaChunkKeys.DocumentNumber($"doc-{i}"), 0, (1L << 53) - 1));
    }

    private static (string Id, int Index) Decode(string key)
    {
        int separator = key.IndexOf('=', StringComparison.Ordinal);
        Assert.Equal(separator, key.LastIndexOf('='));
        string id = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(key.AsSpan(0, separator)));
        string digits = key[(separator + 1)..];
        Assert.Matches("^(0|[1-9][0-9]*)$", digits);
        return (id, int.Parse(digits, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("^[A-Za-z0-9_=-]+$")]
    private static partial Regex SafeKey();
}
