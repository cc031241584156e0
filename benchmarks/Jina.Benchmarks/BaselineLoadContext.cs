using System.Reflection;
using System.Runtime.Loader;

namespace Jina.Benchmarks;

/// <summary>Loads another build of the Jina assemblies (today's client, built from an earlier commit) beside the current ones.</summary>
/// <remarks>
/// <c>Jina.Extensions.AI</c> and <c>Jina.SemanticKernel</c> come from the baseline folder, and this benchmark assembly is
/// loaded again so that <see cref="IngestionRun"/> binds to them; everything else (Microsoft.Extensions.AI, VectorData, the
/// in-memory store, the emulator) is shared with the default context, so only primitives need to cross.
/// </remarks>
internal sealed class BaselineLoadContext(string folder) : AssemblyLoadContext("baseline", isCollectible: false)
{
    private static readonly string[] s_fromBaseline = ["Jina.Extensions.AI", "Jina.SemanticKernel"];

    public Assembly LoadBenchmarks() => LoadFromAssemblyPath(typeof(BaselineLoadContext).Assembly.Location);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && s_fromBaseline.Contains(name))
        {
            string path = Path.Combine(folder, name + ".dll");
            return File.Exists(path)
                ? LoadFromAssemblyPath(path)
                : throw new FileNotFoundException($"The baseline folder has no {name}.dll; build today's client into it (see the README).", path);
        }

        return assemblyName.Name == typeof(BaselineLoadContext).Assembly.GetName().Name ? LoadBenchmarks() : null;
    }
}
