#!/usr/bin/env python3
"""Generates the tiny models the engine's tests run for real, and the reference vectors they are checked against.

Run with Debian's python3-onnx, python3-sentencepiece and python3-numpy (apt-get install python3-onnx python3-sentencepiece):
    /usr/bin/python3 make_fixtures.py

v3-tiny/      jina-embeddings-v3's ONNX signature: input_ids, attention_mask (int64 [batch, seq]) and task_id (int64 scalar) in,
              text_embeds [batch, seq, 64] out; an XLM-RoBERTa-style SentencePiece unigram model (sentencepiece.bpe.model).
              Each token's output is its embedding, plus half the masked mean of the tokens up to it (so a token sees the
              text before it, as late chunking needs), plus a per-task vector (so task_id visibly matters).
bert-pooled/  a BERT-style graph (input_ids, attention_mask, token_type_ids) that returns only a pooled sentence_embedding,
              with a WordPiece vocab.txt: served for plain embeddings, refused for late chunking.
unsupported/  a graph whose only output is classification logits: refused with a clear message.
expected.json reference vectors computed here with numpy from the same weights, tokenized by the sentencepiece library.
"""
import json
import os

import numpy as np
import onnx
import sentencepiece as spm
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
DIM = 64
TASKS = ["retrieval.query", "retrieval.passage", "separation", "classification", "text-matching"]
PREFIXES = {
    "retrieval.query": "Represent the query for retrieving evidence documents: ",
    "retrieval.passage": "Represent the document for retrieval: ",
}
CORPUS = [
    PREFIXES["retrieval.query"], PREFIXES["retrieval.passage"],
    "Berlin is the capital and largest city of Germany, both by area and by population.",
    "Its more than 3.85 million inhabitants make it the European Union's most populous city.",
    "The city is also one of the states of Germany.",
    "How do I charge my lightsaber? Connect it to the charging cable near the hilt.",
    "Why is my blade flickering? A flickering blade may indicate a low battery.",
    "The river was rebuilt after the flood, and the old mill drew visitors from across the valley.",
    "Embeddings map text to vectors so that similar meanings lie close together.",
]
SAMPLES = [
    "Berlin is the capital of Germany.",
    "How do I charge my lightsaber?",
    "The old mill drew visitors from across the valley.",
]
DOCUMENT = [
    "Berlin is the capital and largest city of Germany, both by area and by population.",
    "Its more than 3.85 million inhabitants make it the European Union's most populous city.",
    "The city is also one of the states of Germany.",
]


def save(model, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def v3_tiny(vocab_size, rng):
    words = rng.standard_normal((vocab_size, DIM)).astype(np.float32)
    tasks = rng.standard_normal((len(TASKS), DIM)).astype(np.float32)
    nodes = [
        helper.make_node("Gather", ["words", "input_ids"], ["embedded"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_float"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_float", "last_axis"], ["mask"]),
        helper.make_node("Mul", ["embedded", "mask"], ["masked"]),
        helper.make_node("CumSum", ["masked", "sequence_axis"], ["running_sum"]),
        helper.make_node("CumSum", ["mask", "sequence_axis"], ["running_count"]),
        helper.make_node("Max", ["running_count", "one"], ["safe_count"]),
        helper.make_node("Div", ["running_sum", "safe_count"], ["context"]),
        helper.make_node("Mul", ["context", "half"], ["half_context"]),
        helper.make_node("Gather", ["tasks", "task_id"], ["task_vector"]),
        helper.make_node("Add", ["embedded", "half_context"], ["contextual"]),
        helper.make_node("Add", ["contextual", "task_vector"], ["text_embeds"]),
    ]
    graph = helper.make_graph(
        nodes, "v3_tiny",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"]),
         helper.make_tensor_value_info("task_id", TensorProto.INT64, [])],
        [helper.make_tensor_value_info("text_embeds", TensorProto.FLOAT, ["batch", "sequence", DIM])],
        [numpy_helper.from_array(words, "words"), numpy_helper.from_array(tasks, "tasks"),
         numpy_helper.from_array(np.array([2], dtype=np.int64), "last_axis"),
         numpy_helper.from_array(np.array(1, dtype=np.int64), "sequence_axis"),
         numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one"),
         numpy_helper.from_array(np.array(0.5, dtype=np.float32), "half")])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]), os.path.join(HERE, "v3-tiny", "onnx", "model.onnx"))

    def forward(ids, task):
        embedded = words[np.array(ids)]
        context = np.cumsum(embedded, axis=0) / np.arange(1, len(ids) + 1, dtype=np.float32)[:, None]
        return embedded + 0.5 * context + tasks[TASKS.index(task)]

    return forward


def bert_pooled(rng):
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", "?", ",", "'"] + sorted(
        {w.strip(".,?'").lower() for s in CORPUS for w in s.split()} - {""})
    os.makedirs(os.path.join(HERE, "bert-pooled"), exist_ok=True)
    with open(os.path.join(HERE, "bert-pooled", "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    words = rng.standard_normal((len(vocab), DIM)).astype(np.float32)
    types = rng.standard_normal((2, DIM)).astype(np.float32)
    nodes = [
        helper.make_node("Gather", ["words", "input_ids"], ["embedded"]),
        helper.make_node("Gather", ["types", "token_type_ids"], ["typed"]),
        helper.make_node("Add", ["embedded", "typed"], ["tokens"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_float"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_float", "last_axis"], ["mask"]),
        helper.make_node("Mul", ["tokens", "mask"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "sequence_axes"], ["summed"], keepdims=0),
        helper.make_node("ReduceSum", ["mask", "sequence_axes"], ["count"], keepdims=0),
        helper.make_node("Div", ["summed", "count"], ["sentence_embedding"]),
    ]
    graph = helper.make_graph(
        nodes, "bert_pooled",
        [helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "sequence"]) for name in ["input_ids", "attention_mask", "token_type_ids"]],
        [helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", DIM])],
        [numpy_helper.from_array(words, "words"), numpy_helper.from_array(types, "types"),
         numpy_helper.from_array(np.array([2], dtype=np.int64), "last_axis"),
         numpy_helper.from_array(np.array([1], dtype=np.int64), "sequence_axes")])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]), os.path.join(HERE, "bert-pooled", "model.onnx"))

    index = {w: i for i, w in enumerate(vocab)}

    def embed(text):
        pieces = []
        for word in text.lower().replace("?", " ? ").replace(".", " . ").replace(",", " , ").replace("'", " ' ").split():
            pieces.append(index.get(word, 1))
        ids = [2] + pieces + [3]
        return (words[np.array(ids)] + types[0]).mean(axis=0)

    return embed


def unsupported():
    nodes = [helper.make_node("ReduceMean", ["input_f"], ["pooled"], axes=[1], keepdims=1),
             helper.make_node("Cast", ["input_ids"], ["input_f"], to=TensorProto.FLOAT),
             helper.make_node("Concat", ["pooled", "pooled"], ["logits"], axis=1)]
    graph = helper.make_graph(
        [nodes[1], nodes[0], nodes[2]], "classifier",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 2])])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]), os.path.join(HERE, "unsupported", "model.onnx"))


def normalize(v):
    return (v / np.linalg.norm(v)).astype(np.float32)


def main():
    rng = np.random.default_rng(20240917)
    os.makedirs(os.path.join(HERE, "v3-tiny"), exist_ok=True)
    corpus_file = os.path.join(HERE, "v3-tiny", "corpus.txt")
    with open(corpus_file, "w", encoding="utf-8") as f:
        f.write("\n".join(CORPUS + SAMPLES + DOCUMENT) + "\n")
    prefix = os.path.join(HERE, "v3-tiny", "sentencepiece.bpe")
    spm.SentencePieceTrainer.train(
        input=corpus_file, model_prefix=prefix, model_type="unigram", vocab_size=160, hard_vocab_limit=False,
        normalization_rule_name="identity", character_coverage=1.0, num_threads=1, seed_sentencepiece_size=10000,
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2)
    os.remove(prefix + ".vocab")
    os.remove(corpus_file)
    sp = spm.SentencePieceProcessor(model_file=prefix + ".model")

    # XLM-RoBERTa's fairseq ids: <s> 0, <pad> 1, </s> 2, <unk> 3, every other piece one above its SentencePiece id.
    def ids_of(text):
        return [3 if i == 0 else i + 1 for i in sp.encode(text)]

    forward = v3_tiny(sp.get_piece_size() + 1, rng)
    expected = {"dimensions": DIM, "plain": [], "late_chunking": []}
    for task in TASKS:
        for text in SAMPLES:
            ids = [0] + ids_of(PREFIXES.get(task, "") + text) + [2]
            expected["plain"].append({"task": task, "text": text, "tokens": len(ids),
                                      "embedding": normalize(forward(ids, task).mean(axis=0)).tolist()})

    for task in ["retrieval.passage", "text-matching"]:
        # One pass over the chunks joined with a single space; each chunk's span found by tokenizing the growing text.
        head = PREFIXES.get(task, "")
        ids = [0] + ids_of(head + " ".join(DOCUMENT)) + [2]
        outputs = forward(ids, task)
        vectors = []
        start = 0
        for i in range(len(DOCUMENT)):
            end = 1 + len(ids_of(head + " ".join(DOCUMENT[: i + 1])))
            span = outputs[start:end] if i < len(DOCUMENT) - 1 else outputs[start:]
            vectors.append(normalize(span.mean(axis=0)).tolist())
            start = end
        expected["late_chunking"].append({"task": task, "chunks": DOCUMENT, "tokens": len(ids), "embeddings": vectors})

    embed = bert_pooled(rng)
    expected["bert_pooled"] = [{"text": t, "embedding": normalize(embed(t)).tolist()} for t in SAMPLES]
    unsupported()
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
