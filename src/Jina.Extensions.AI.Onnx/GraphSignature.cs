using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Jina.Extensions.AI.Onnx;

/// <summary>What a graph takes and returns, read from its metadata: which inputs to feed and where the embeddings come out.</summary>
internal sealed class GraphSignature
{
    private static readonly string[] TokenOutputNames = ["text_embeds", "last_hidden_state", "token_embeddings"];
    private static readonly string[] PooledOutputNames = ["sentence_embedding", "sentence_embeddings", "embeddings"];

    private GraphSignature(string[] inputNames, string outputName, bool tokenOutput, int dimensions, int[]? taskIdShape)
    {
        InputNames = inputNames;
        OutputNames = [outputName];
        TokenOutput = tokenOutput;
        Dimensions = dimensions;
        TaskIdShape = taskIdShape;
    }

    /// <summary>Gets the inputs in the order they are fed: input_ids, then attention_mask, token_type_ids and task_id where present.</summary>
    public string[] InputNames { get; }

    /// <summary>Gets the one output read.</summary>
    public string[] OutputNames { get; }

    /// <summary>Gets a value indicating whether the output holds token embeddings [batch, sequence, dimensions] rather than pooled [batch, dimensions].</summary>
    public bool TokenOutput { get; }

    /// <summary>Gets the embedding length the graph declares, or 0 when it is symbolic.</summary>
    public int Dimensions { get; }

    /// <summary>Gets a value indicating whether the graph takes an attention mask.</summary>
    public bool HasAttentionMask => InputNames.Contains("attention_mask");

    /// <summary>Gets a value indicating whether the graph takes token type ids.</summary>
    public bool HasTokenTypeIds => InputNames.Contains("token_type_ids");

    /// <summary>Gets the shape task_id is fed with (empty for a scalar, a negative length for one id per input), or <see langword="null"/> when the graph takes no task.</summary>
    public int[]? TaskIdShape { get; }

    public static GraphSignature Read(InferenceSession session, string modelDescription)
    {
        var inputs = session.InputMetadata;
        string[] known = ["input_ids", "attention_mask", "token_type_ids", "task_id"];
        var unknown = inputs.Keys.Where(name => !known.Contains(name)).ToList();
        if (!inputs.ContainsKey("input_ids") || unknown.Count > 0)
        {
            throw new NotSupportedException(
                $"The graph of {modelDescription} takes the inputs [{string.Join(", ", inputs.Keys)}]; this engine feeds input_ids with " +
                "attention_mask, token_type_ids and task_id where a graph has them, and nothing else. Export the model with those inputs.");
        }

        foreach (var (name, node) in inputs)
        {
            if (!node.IsTensor || node.ElementDataType != TensorElementType.Int64)
            {
                throw new NotSupportedException(
                    $"Input '{name}' of {modelDescription} is {node.ElementDataType}; this engine feeds int64 tensors. Export the model with int64 inputs.");
            }
        }

        var inputNames = known.Where(inputs.ContainsKey).ToArray();
        int[]? taskIdShape = inputs.TryGetValue("task_id", out var taskNode)
            ? taskNode.Dimensions.Length switch
            {
                0 => [],
                1 => [taskNode.Dimensions[0]],
                _ => throw new NotSupportedException($"task_id of {modelDescription} has rank {taskNode.Dimensions.Length}; a scalar or a vector is expected."),
            }
            : null;

        var outputs = session.OutputMetadata;
        bool IsFloat(string name) => outputs[name].IsTensor && outputs[name].ElementDataType == TensorElementType.Float;
        var tokenOutput = TokenOutputNames.FirstOrDefault(name => outputs.ContainsKey(name) && IsFloat(name) && outputs[name].Dimensions.Length == 3)
            ?? outputs.Keys.FirstOrDefault(name => IsFloat(name) && outputs[name].Dimensions.Length == 3);
        if (tokenOutput is not null)
        {
            return new GraphSignature(inputNames, tokenOutput, tokenOutput: true, Math.Max(0, outputs[tokenOutput].Dimensions[2]), taskIdShape);
        }

        var pooledOutput = PooledOutputNames.FirstOrDefault(name => outputs.ContainsKey(name) && IsFloat(name) && outputs[name].Dimensions.Length == 2);
        if (pooledOutput is not null)
        {
            return new GraphSignature(inputNames, pooledOutput, tokenOutput: false, Math.Max(0, outputs[pooledOutput].Dimensions[1]), taskIdShape);
        }

        throw new NotSupportedException(
            $"The graph of {modelDescription} returns [{string.Join(", ", outputs.Select(o => $"{o.Key} {o.Value.ElementDataType}[{string.Join(",", o.Value.Dimensions)}]"))}]; " +
            "this engine needs float token embeddings [batch, sequence, dimensions] (text_embeds, last_hidden_state or token_embeddings) " +
            "or a pooled float sentence_embedding [batch, dimensions].");
    }
}
