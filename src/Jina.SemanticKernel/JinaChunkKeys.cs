using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Jina.SemanticKernel;

/// <summary>Derives the record keys of a document's chunks: the same key for the same document and chunk, in every process and on every machine.</summary>
/// <remarks>
/// <para>
/// <see cref="Guid"/> keys (the only kind Qdrant and Weaviate take, and taken by the other current MEVD connectors too) are name-based UUIDs, RFC 9562
/// version 5: SHA-1 over <see cref="Namespace"/> and the UTF-8 bytes of <c>{documentId}#{chunkIndex}</c>, the index in invariant
/// digits. Any language reproduces them, for example Python's <c>uuid.uuid5(namespace, f"{document_id}#{chunk_index}")</c>.
/// </para>
/// <para>
/// <see cref="string"/> keys (for connectors that take only strings, or collections that already use them) use only letters, digits, <c>_</c>, <c>-</c> and
/// <c>=</c>: the unpadded base64url encoding of the document id's UTF-8 bytes, <c>=</c>, then the chunk index in decimal digits.
/// Two different (document id, chunk index) pairs never share a key: base64url never produces <c>=</c> once its padding is
/// dropped, so the one <c>=</c> splits every key into exactly one encoded id and one index; unpadded base64url and UTF-8 are
/// both one-to-one, and an index written without leading zeros reads back as itself. The key never starts with <c>_</c> or
/// <c>-</c> (Azure AI Search refuses a leading <c>_</c>), because those encode lead bytes 0xF8 to 0xFF, which UTF-8 never uses.
/// A key is at most 1,023 characters (Cosmos DB's limit on an id in bytes; Azure AI Search allows 1,024), so string keys take
/// document ids of up to <see cref="MaxStringKeyDocumentIdBytes"/> UTF-8 bytes; <see cref="Guid"/> keys take ids of any length.
/// </para>
/// <para>Keys are only ever written: every lookup of a document's chunks filters on its data properties, never parses a key.</para>
/// </remarks>
public static class JinaChunkKeys
{
    /// <summary>The most UTF-8 bytes a document id may have when its chunks are keyed by strings.</summary>
    public const int MaxStringKeyDocumentIdBytes = 759;

    private const int MaxStringKeyLength = 1023;

    // Strict: an id holding a lone surrogate fails instead of becoming U+FFFD, which two different ids could share.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Gets the RFC 9562 namespace of the name-based <see cref="Guid"/> keys, <c>d6515f2e-985b-492c-9cbc-20d72b3384c1</c>.</summary>
    public static Guid Namespace { get; } = new("d6515f2e-985b-492c-9cbc-20d72b3384c1");

    /// <summary>Creates the key of a document's chunk.</summary>
    /// <typeparam name="TKey"><see cref="Guid"/> or <see cref="string"/>: the key type of the collection's record, <see cref="JinaDocumentChunk{TKey}"/>.</typeparam>
    /// <param name="documentId">The document id.</param>
    /// <param name="chunkIndex">The zero-based chunk index.</param>
    /// <returns>The key; see the remarks of <see cref="JinaChunkKeys"/> for how it is made.</returns>
    /// <exception cref="ArgumentException">The document id is empty, holds a lone surrogate, or is too long for a string key.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="TKey"/> is neither <see cref="Guid"/> nor <see cref="string"/>.</exception>
    public static TKey Create<TKey>(string documentId, int chunkIndex)
        where TKey : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkIndex);

        if (typeof(TKey) == typeof(Guid))
        {
            return (TKey)(object)CreateGuid(documentId, chunkIndex);
        }

        if (typeof(TKey) == typeof(string))
        {
            return (TKey)(object)CreateString(documentId, chunkIndex);
        }

        throw UnsupportedKeyType(typeof(TKey));
    }

    /// <summary>Checks that <paramref name="keyType"/> is a chunk key type, so a collection fails when it is opened rather than at its first write.</summary>
    internal static void EnsureSupported(Type keyType)
    {
        if (keyType != typeof(Guid) && keyType != typeof(string))
        {
            throw UnsupportedKeyType(keyType);
        }
    }

    /// <summary>Checks, before any chunk is embedded, that every key of the document can be made.</summary>
    internal static void ValidateDocumentId<TKey>(string documentId, string parameterName)
    {
        int bytes = Utf8Length(documentId, parameterName);
        if (typeof(TKey) == typeof(string) && bytes > MaxStringKeyDocumentIdBytes)
        {
            throw new ArgumentException(
                $"Document id '{Shorten(documentId)}' is {bytes} UTF-8 bytes; string chunk keys take ids of up to {MaxStringKeyDocumentIdBytes} bytes " +
                "(Azure AI Search and Cosmos DB cap keys at about 1,024 characters). Use a shorter id, such as a hash of it (the Source keeps the original), " +
                "or Guid keys: JinaDocumentChunk<Guid>.",
                parameterName);
        }
    }

    /// <summary>Derives a number in [0, 2^53) from the document id, the order in which scans page through a collection's documents.</summary>
    /// <remarks>53 bits survive stores that keep numbers as IEEE doubles (Cosmos DB, JSON); equal numbers for two ids are handled by the scans.</remarks>
    internal static long DocumentNumber(string documentId)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encode(documentId, nameof(documentId)), digest);
        return (long)(BinaryPrimitives.ReadUInt64BigEndian(digest) >> 11);
    }

    private static Guid CreateGuid(string documentId, int chunkIndex)
    {
        byte[] name = Encode(string.Create(CultureInfo.InvariantCulture, $"{documentId}#{chunkIndex}"), nameof(documentId));
        byte[] buffer = ArrayPool<byte>.Shared.Rent(16 + name.Length);
        try
        {
            _ = Namespace.TryWriteBytes(buffer.AsSpan(0, 16), bigEndian: true, out _);
            name.CopyTo(buffer.AsSpan(16));
            Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // RFC 9562 defines version 5 UUIDs with SHA-1; it names records here, it protects nothing.
            SHA1.HashData(buffer.AsSpan(0, 16 + name.Length), hash);
#pragma warning restore CA5350
            hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
            hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
            return new Guid(hash[..16], bigEndian: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string CreateString(string documentId, int chunkIndex)
    {
        byte[] id = Encode(documentId, nameof(documentId));
        if (id.Length > MaxStringKeyDocumentIdBytes)
        {
            ValidateDocumentId<string>(documentId, nameof(documentId));
        }

        string key = string.Create(CultureInfo.InvariantCulture, $"{Base64Url.EncodeToString(id)}={chunkIndex}");
        System.Diagnostics.Debug.Assert(key.Length <= MaxStringKeyLength, "759 bytes encode to 1012 characters, plus '=' and at most 10 digits.");
        return key;
    }

    private static byte[] Encode(string text, string parameterName)
    {
        try
        {
            return StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException ex)
        {
            throw LoneSurrogate(text, parameterName, ex);
        }
    }

    private static int Utf8Length(string text, string parameterName)
    {
        try
        {
            return StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException ex)
        {
            throw LoneSurrogate(text, parameterName, ex);
        }
    }

    private static ArgumentException LoneSurrogate(string text, string parameterName, Exception inner) => new(
        $"Document id '{Shorten(text)}' holds a lone UTF-16 surrogate, which has no UTF-8 form; chunk keys are derived from the id's UTF-8 bytes, so fix the id.",
        parameterName,
        inner);

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 79), "…");

    private static NotSupportedException UnsupportedKeyType(Type keyType) => new(
        $"Chunk keys are Guid (Qdrant, Weaviate and the other MEVD connectors) or string (for connectors that take only strings), not '{keyType.Name}'. " +
        "Use JinaDocumentChunk<Guid> or JinaDocumentChunk<string>.");
}
