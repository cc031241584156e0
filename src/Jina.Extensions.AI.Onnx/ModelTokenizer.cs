using System.Runtime.InteropServices;
using Microsoft.ML.Tokenizers;

namespace Jina.Extensions.AI.Onnx;

/// <summary>Turns text into the token ids a graph expects, without special tokens, and knows the model's special ids.</summary>
/// <remarks>
/// SentencePiece models are read with XLM-RoBERTa's fairseq convention, as jina-embeddings-v3 uses it: &lt;s&gt; 0,
/// &lt;pad&gt; 1, &lt;/s&gt; 2, &lt;unk&gt; 3, and every other piece one above its SentencePiece id.
/// </remarks>
internal sealed class ModelTokenizer
{
    private readonly BertTokenizer? _bert;
    private readonly SentencePieceTokenizer? _sentencePiece;

    private ModelTokenizer(BertTokenizer bert)
    {
        _bert = bert;
        Tokenizer = bert;
        BeginId = bert.ClassificationTokenId;
        EndId = bert.SeparatorTokenId;
        PadId = bert.PaddingTokenId;
    }

    private ModelTokenizer(SentencePieceTokenizer sentencePiece)
    {
        _sentencePiece = sentencePiece;
        Tokenizer = sentencePiece;
        BeginId = 0;
        PadId = 1;
        EndId = 2;
    }

    /// <summary>Gets the tokenizer callers count tokens with.</summary>
    public Tokenizer Tokenizer { get; }

    /// <summary>Gets the id of the leading special token ([CLS] or &lt;s&gt;).</summary>
    public int BeginId { get; }

    /// <summary>Gets the id of the trailing special token ([SEP] or &lt;/s&gt;).</summary>
    public int EndId { get; }

    /// <summary>Gets the id used for padding.</summary>
    public int PadId { get; }

    public static ModelTokenizer FromWordPieceVocabulary(Stream vocabulary, bool lowerCase) =>
        new(BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = lowerCase, RemoveNonSpacingMarks = lowerCase }));

    public static ModelTokenizer FromSentencePieceModel(Stream model) =>
        new(SentencePieceTokenizer.Create(model, addBeginningOfSentence: false, addEndOfSentence: false));

    public static ModelTokenizer FromFile(string path, bool lowerCase)
    {
        var wordPiece = path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase);
        if (!wordPiece && !path.EndsWith(".model", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException(
                $"The tokenizer '{path}' is not one this engine reads: give a WordPiece vocab.txt (BERT-style models) " +
                "or a SentencePiece .model file (such as XLM-RoBERTa's sentencepiece.bpe.model).");
        }

        using var stream = File.OpenRead(path);
        return wordPiece ? FromWordPieceVocabulary(stream, lowerCase) : FromSentencePieceModel(stream);
    }

    /// <summary>Appends the ids of <paramref name="text"/>, without special tokens, to <paramref name="ids"/>.</summary>
    public void Encode(string text, List<int> ids)
    {
        if (_bert is not null)
        {
            ids.AddRange(_bert.EncodeToIds(text, addSpecialTokens: false));
            return;
        }

        var start = ids.Count;
        ids.AddRange(_sentencePiece!.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false));
        var unknown = _sentencePiece.UnknownId;
        foreach (ref var id in CollectionsMarshal.AsSpan(ids)[start..])
        {
            id = id == unknown ? 3 : id + 1;
        }
    }
}
