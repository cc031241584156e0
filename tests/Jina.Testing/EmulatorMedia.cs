using System.Globalization;

namespace Jina.Testing;

/// <summary>How the <see cref="JinaApiEmulator"/> embeds images and PDFs, and files for tests that send them.</summary>
/// <remarks>
/// <para>
/// An image or PDF whose content carries a caption, the marker <see cref="CaptionMarker"/> followed by text up to the next line
/// break or NUL, is embedded as that caption would be as a text input, with the request's task and dimensions: a test that needs
/// a text question to find an image gives the image a caption that shares the question's words. For an image sent by URL the
/// marker is read from the URL (percent-decoded), for example <c>https://example.com/bike.jpg#jina-caption:a red bicycle</c>.
/// </para>
/// <para>
/// Any other image or PDF gets a unit vector drawn from a seeded generator over its bytes (or its URL): the same file gives the
/// same vector in every run, two different files nearly orthogonal ones.
/// </para>
/// </remarks>
public static class EmulatorMedia
{
    /// <summary>The marker a caption follows inside an image or PDF (or its URL).</summary>
    public const string CaptionMarker = "jina-caption:";

    /// <summary>The largest image or PDF the service takes, 8 MB.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    private static readonly uint[] s_crcTable = CreateCrcTable();

    /// <summary>Returns a valid 1 x 1 PNG whose <c>iTXt</c> chunk holds the caption, or none.</summary>
    /// <param name="caption">The caption, or <see langword="null"/> for an image without one.</param>
    /// <param name="pixel">The pixel's grey level, to tell uncaptioned images apart.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] Png(string? caption = null, byte pixel = 0)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(stream, "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        if (caption is not null)
        {
            // iTXt: keyword, NUL, no compression, no language tag or translated keyword, then UTF-8 text.
            WriteChunk(stream, "iTXt", [.. "Comment"u8, 0, 0, 0, 0, 0, .. System.Text.Encoding.UTF8.GetBytes(CaptionMarker + caption + "\n")]);
        }

        // A zlib stream of one filtered row (filter 0, one grey byte), stored uncompressed.
        byte[] row = [0, pixel];
        uint adler = Adler32(row);
        WriteChunk(stream, "IDAT", [0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF, .. row, (byte)(adler >> 24), (byte)(adler >> 16), (byte)(adler >> 8), (byte)adler]);
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    /// <summary>Returns a small one-page PDF whose comment line holds the caption, or none.</summary>
    /// <param name="caption">The caption, or <see langword="null"/> for a PDF without one.</param>
    /// <param name="text">The text on the page.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] Pdf(string? caption = null, string text = "page")
    {
        string comment = caption is null ? string.Empty : $"% {CaptionMarker}{caption}\n";
        string content = $"BT /F1 12 Tf 72 720 Td ({text}) Tj ET";
        string body =
            "%PDF-1.4\n" + comment +
            "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
            "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
            "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj\n" +
            string.Create(CultureInfo.InvariantCulture, $"4 0 obj << /Length {content.Length} >> stream\n{content}\nendstream endobj\n") +
            "trailer << /Root 1 0 R >>\n%%EOF\n";
        return System.Text.Encoding.Latin1.GetBytes(body);
    }

    /// <summary>Returns the caption an image, a PDF or a URL carries, or <see langword="null"/>.</summary>
    /// <param name="content">The file's bytes.</param>
    /// <returns>The caption.</returns>
    public static string? ReadCaption(ReadOnlySpan<byte> content)
    {
        int at = content.IndexOf("jina-caption:"u8);
        if (at < 0)
        {
            return null;
        }

        ReadOnlySpan<byte> rest = content[(at + CaptionMarker.Length)..];
        int end = rest.IndexOfAny((byte)'\n', (byte)'\r', (byte)0);
        string caption = System.Text.Encoding.UTF8.GetString(end < 0 ? rest[..Math.Min(rest.Length, 2000)] : rest[..end]).Trim();
        return caption.Length == 0 ? null : caption;
    }

    /// <inheritdoc cref="ReadCaption(ReadOnlySpan{byte})"/>
    public static string? ReadCaption(string url) => ReadCaption(System.Text.Encoding.UTF8.GetBytes(url));

    /// <summary>Returns the unit vector the emulator gives an uncaptioned image or PDF.</summary>
    /// <param name="content">The file's bytes, or the URL's.</param>
    /// <param name="dimensions">The vector's length.</param>
    /// <returns>The vector.</returns>
    public static float[] VectorOf(ReadOnlySpan<byte> content, int dimensions)
    {
        ulong state = 14695981039346656037UL;
        foreach (byte b in content)
        {
            state = (state ^ b) * 1099511628211UL;
        }

        var vector = new float[dimensions];
        double sum = 0;
        for (int i = 0; i < dimensions; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            vector[i] = (float)(((z >> 11) * (1.0 / (1UL << 53))) - 0.5);
            sum += vector[i] * vector[i];
        }

        float scale = (float)(1 / Math.Sqrt(sum));
        for (int i = 0; i < dimensions; i++)
        {
            vector[i] *= scale;
        }

        return vector;
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> header = [(byte)(data.Length >> 24), (byte)(data.Length >> 16), (byte)(data.Length >> 8), (byte)data.Length];
        stream.Write(header);
        byte[] typed = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        stream.Write(typed);
        uint crc = Crc32(typed);
        stream.Write([(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc]);
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc = s_crcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFF;
    }

    private static uint[] CreateCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }

    private static uint Adler32(byte[] data)
    {
        uint a = 1;
        uint b = 0;
        foreach (byte d in data)
        {
            a = (a + d) % 65521;
            b = (b + a) % 65521;
        }

        return (b << 16) | a;
    }
}
