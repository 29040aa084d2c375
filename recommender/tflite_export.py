"""ResNet50 as a TensorFlow Lite file with int8 dynamic-range weights, exported once per weights file.

Converting needs TensorFlow and takes about 10 s; running the export needs only the LiteRT
runtime (``ai-edge-litert``: imports in 0.07 s, ~100 MB resident against ~600 MB for
TensorFlow), with ``tf.lite.Interpreter`` as a stand-in where that package is missing.
The file is named by the SHA-256 of the weights file, so replaced weights get a new export
and an export is never paired with the wrong weights.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .files import write_bytes_atomically

INPUT_SHAPE = (224, 224, 3)
OUTPUT_DIM = 2048
logger = logging.getLogger(__name__)


def export_path(weights_file: str | os.PathLike, directory: str | os.PathLike) -> Path:
    """Where the export of ResNet50 with ``weights_file`` lives in ``directory``."""
    return Path(directory) / f"resnet50-int8-{_sha256_of(Path(weights_file))[:16]}.tflite"


def ensure_export(weights_file: str | os.PathLike, directory: str | os.PathLike, convert: Callable[[], bytes]) -> Path:
    """The path of a loadable export for ``weights_file``, calling ``convert`` only if there is none.

    An unreadable cached file (truncated copy, disk error) is replaced by a fresh export.
    Raises whatever ``convert`` raises, or ``ValueError`` if the fresh export does not load.
    """
    path = export_path(weights_file, directory)
    if path.is_file():
        try:
            check_export(path)
            return path
        except ValueError as problem:
            logger.warning("Cached TensorFlow Lite export %s is unusable (%s); exporting again.", path, problem)
    write_bytes_atomically(path, convert())
    check_export(path)
    return path


def convert_keras_model(model) -> bytes:
    """``model`` as TensorFlow Lite flatbuffer bytes, weights quantised to int8 (dynamic range)."""
    import tensorflow as tf

    # from_keras_model keeps the batch dimension dynamic; converting a tf.function's concrete
    # function instead dropped Keras 3's variables here (a 230 KB file that outputs NaN).
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    # Keras prints a few hundred lines describing the intermediate SavedModel; not for the shop's log.
    with contextlib.redirect_stdout(io.StringIO()):
        return converter.convert()


def open_interpreter(path: str | os.PathLike, num_threads: int):
    """A ready interpreter for the export at ``path``; ``ValueError`` if the file is not one."""
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError:
        import tensorflow as tf

        Interpreter = tf.lite.Interpreter
    try:
        interpreter = Interpreter(model_path=str(path), num_threads=num_threads)
        interpreter.allocate_tensors()
    except RuntimeError as error:
        raise ValueError(str(error)) from error
    return interpreter


def check_export(path: Path) -> None:
    """Raise ``ValueError`` unless ``path`` loads and maps (n, 224, 224, 3) images to (n, 2048)."""
    interpreter = open_interpreter(path, num_threads=1)
    inputs, outputs = interpreter.get_input_details(), interpreter.get_output_details()
    if len(inputs) != 1 or len(outputs) != 1:
        raise ValueError(f"expected one input and one output, found {len(inputs)} and {len(outputs)}")
    if tuple(inputs[0]["shape_signature"][1:]) != INPUT_SHAPE or outputs[0]["shape"][-1] != OUTPUT_DIM:
        raise ValueError(f"input {inputs[0]['shape_signature']} / output {outputs[0]['shape']} is not ResNet50's")


def run_batch(interpreter, batch: np.ndarray) -> np.ndarray:
    """The interpreter's output for ``batch``, resizing its input when the batch size changes."""
    source = interpreter.get_input_details()[0]
    if tuple(source["shape"]) != batch.shape:
        interpreter.resize_tensor_input(source["index"], batch.shape)
        interpreter.allocate_tensors()
    interpreter.set_tensor(source["index"], batch)
    interpreter.invoke()
    return interpreter.get_tensor(interpreter.get_output_details()[0]["index"])


def available_cores() -> int:
    """CPUs this process may run on (a container's limit, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
