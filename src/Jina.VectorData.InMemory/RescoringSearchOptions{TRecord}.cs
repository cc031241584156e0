using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;

namespace Jina.VectorData.InMemory;

/// <summary>Represents the options of a two-stage search: Hamming candidates from a bit vector property, rescored by a float vector property.</summary>
/// <typeparam name="TRecord">The record type.</typeparam>
[Experimental(JinaExperiments.Rescoring, UrlFormat = JinaExperiments.RescoringUrl)]
public sealed class RescoringSearchOptions<TRecord>
{
    /// <summary>Gets or sets the bit vector property (<see cref="System.Collections.BitArray"/> or <c>BinaryEmbedding</c>) the candidates come from, or <see langword="null"/> for the record's only one.</summary>
    public Expression<Func<TRecord, object?>>? BitVectorProperty { get; set; }

    /// <summary>Gets or sets the float vector property the candidates are rescored by, or <see langword="null"/> for the record's only one.</summary>
    public Expression<Func<TRecord, object?>>? VectorProperty { get; set; }

    /// <summary>Gets or sets how many times as many candidates as results the Hamming stage finds; 4 unless set.</summary>
    /// <remarks>More candidates recover more of the exact float ranking and cost more float scores; see the project's README for measured recall.</remarks>
    public int Oversampling { get; set; } = 4;

    /// <summary>Gets or sets a filter the records must pass, applied in the Hamming stage.</summary>
    public Expression<Func<TRecord, bool>>? Filter { get; set; }

    /// <summary>Gets or sets the number of results to skip.</summary>
    public int Skip { get; set; }

    /// <summary>Gets or sets the score the rescored results must reach: at least it for similarities, at most it for distances.</summary>
    public double? ScoreThreshold { get; set; }

    /// <summary>Gets or sets a value indicating whether the vectors are returned with the records.</summary>
    public bool IncludeVectors { get; set; }
}
