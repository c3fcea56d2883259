#!/usr/bin/python3
"""An image tower as deep as ONNX Runtime can load, for DeepGraphStackTest.

    /usr/bin/python3 tools/make_deep_graph.py   (python3-onnx; writes a 10 KB model, deterministic)

ONNX Runtime's native code recurses once per level of control-flow nesting, when it loads a graph
and when it runs one: Loop in Loop in Loop... Its protobuf parser stops at 100 nested messages,
three per level (graph, node, attribute), so 31 nested Loops is the deepest graph it loads
(32 fails with "Protobuf parsing failed"). Running that takes about 200 KB of native stack beyond
the JVM's own frames (measured on ONNX Runtime 1.29, x86-64; If nesting takes a little less).

The graph: image [N, 3, H, W] -> mean over H and W -> 31 nested Loops, one iteration each, the
innermost doubling its value -> embedding [N, 3]. So a constant image whose channels are (1, 2, 2)
embeds to (1, 2, 2) / 3 once L2-normalised.
"""
from pathlib import Path

import onnx
from onnx import TensorProto, helper

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "core/src/test/resources/models/deep-loops-visual.onnx"
DEPTH = 31
OPSET = 14


def loop_body(level):
    """The body of the Loop at nesting `level` (1 = outermost): carries x, holds the next Loop."""
    name = f"level{level}"
    inputs = [helper.make_tensor_value_info(f"{name}_iteration", TensorProto.INT64, []),
              helper.make_tensor_value_info(f"{name}_condition", TensorProto.BOOL, []),
              helper.make_tensor_value_info(f"{name}_x", TensorProto.FLOAT, None)]
    outputs = [helper.make_tensor_value_info(f"{name}_condition_out", TensorProto.BOOL, []),
               helper.make_tensor_value_info(f"{name}_x_out", TensorProto.FLOAT, None)]
    nodes = [helper.make_node("Identity", [f"{name}_condition"], [f"{name}_condition_out"])]
    if level == DEPTH:
        nodes.append(helper.make_node("Add", [f"{name}_x", f"{name}_x"], [f"{name}_x_out"]))
    else:
        nodes.append(loop(f"{name}_x", f"{name}_x_out", level + 1))
    return helper.make_graph(nodes, name, inputs, outputs)


def loop(carried_in, carried_out, level):
    """A Loop of one iteration (the outer graph's `trips`) carrying one tensor through loop_body(level)."""
    return helper.make_node("Loop", ["trips", "", carried_in], [carried_out], body=loop_body(level))


def main():
    nodes = [helper.make_node("ReduceMean", ["image"], ["channel_means"], axes=[2, 3], keepdims=0),
             loop("channel_means", "embedding", 1)]
    graph = helper.make_graph(
        nodes, "deep_loops_visual",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 3, "height", "width"])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", 3])],
        initializer=[helper.make_tensor("trips", TensorProto.INT64, [], [1])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="tools/make_deep_graph.py")
    onnx.checker.check_model(model)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(OUT))
    print(f"{OUT.relative_to(ROOT)}: {DEPTH} nested Loops, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
