namespace Jina.VectorData.InMemory.Internal;

/// <summary>Copies data values in and out of the store so that callers mutating their records or results do not change stored data.</summary>
internal static class ValueCopier
{
    /// <summary>Copies arrays and the common lists; strings and other values are immutable or shared as they are.</summary>
    public static object? Copy(object? value) => value switch
    {
        null or string => value,
        Array array => array.Clone(),
        List<string> list => new List<string>(list),
        List<int> list => new List<int>(list),
        List<long> list => new List<long>(list),
        List<float> list => new List<float>(list),
        List<double> list => new List<double>(list),
        List<bool> list => new List<bool>(list),
        List<Guid> list => new List<Guid>(list),
        List<decimal> list => new List<decimal>(list),
        List<DateTime> list => new List<DateTime>(list),
        List<DateTimeOffset> list => new List<DateTimeOffset>(list),
        _ => value,
    };
}
