using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace Jina.SemanticKernel;

/// <summary>Represents an image or a PDF to ingest: its id, its content and where it came from.</summary>
/// <param name="Id">The id, unique in the collection; the record's key derives from it (see <see cref="JinaChunkKeys"/>).</param>
/// <param name="Content">The bytes, with an <c>image/*</c> or <c>application/pdf</c> media type, up to 8 MB.</param>
/// <param name="Source">Where it came from (a path, a URL), or <see langword="null"/>.</param>
/// <param name="Description">The text the record carries and a search result shows (a caption, a title), or <see langword="null"/> for the file name or the id.</param>
[Experimental(JinaExperiments.Images, UrlFormat = JinaExperiments.ImagesUrl)]
public sealed record JinaImage(string Id, DataContent Content, string? Source = null, string? Description = null);
