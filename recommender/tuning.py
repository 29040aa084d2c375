"""A catalogue-tuned head on top of a backbone's features: the "transfer learning with added layers".

``train_head`` fits a small Keras model on the backbone vectors of the catalogue's own pictures (and
of customer-photo-like copies of them, ``augment``) to tell the catalogue's labels apart: its inputs
jittered by Gaussian noise while it learns, a Dense layer, dropout, a Dense embedding layer, then one
softmax per label (articleType, baseColour, gender). The embedding (the penultimate layer)
L2-normalised is the vector the index stores: items of one type and colour end up near each other,
and a photo near its studio twins. The softmax on articleType is the category the photo search shows.
Features longer than ``PROJECTED`` are learnt on through their principal components (scikit-learn's
PCA on the training rows), a projection folded into the first layer afterwards: the saved head takes
the backbone's features as they are.

The trained ``TunedHead`` runs in numpy (two matrix products): searches need neither TensorFlow nor
Keras, which only training imports. It is saved as one ``.npz`` (no pickle) and knows the backbone
it was trained on and the catalogue version (a digest of the training pictures and labels), which
make its name: a head is only ever applied to vectors of its own backbone.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .embedder import l2_normalise
from .files import write_atomically

TASKS = ("articleType", "baseColour", "gender")
TASK_WEIGHTS = {"articleType": 1.0, "baseColour": 0.7, "gender": 0.3}
HIDDEN, EMBEDDING = 1024, 256
# The head learns on this many principal components of the backbone's features, and the projection is
# folded into its first layer afterwards: on the 3,248 fallback numbers training takes two thirds of the
# time with the same figures (512 halved it again but cost the studio split 0.01; README).
PROJECTED = 1024
PROJECTION_FIT_ROWS = 16_384  # the principal directions are found on at most this many training rows
DROPOUT = 0.3
# While it learns, the head sees its inputs jittered by Gaussian noise of this share of their own spread
# (root mean square per number): a customer's photo never gives a studio shot's exact numbers, and the
# noise keeps the head from leaning on them. On the sample it took the 200 real photos from 0.358 to
# 0.388 on average over three seeds, the studio split a little up too (README). Searches see no noise.
INPUT_NOISE = 0.4
# The softmax sees the unit-length embedding times this: cosine-like logits, sharp enough to train.
LOGIT_SCALE = 16.0
AUGMENTED_WEIGHT = 0.3  # an imitated photo teaches the head less than the catalogue picture itself
# The learning rate falls from its peak to nothing along a cosine over the whole training: on the sample's
# 2,500/500 split, 20 such epochs put the studio figures higher than 40 at a constant 1e-3, in half the
# epochs, and the real photos where they were (README).
EPOCHS, BATCH = 20, 128
PEAK_LEARNING_RATE = 2e-3
MIN_PRODUCTS = 20
MIN_PER_TYPE = 2
HEAD_FORMAT = 1


class TrainingRefused(ValueError):
    """The catalogue cannot train a head (too few products, one type, no labels); the message says why."""


@dataclass(frozen=True)
class TunedHead:
    backbone: str
    catalogue_version: str
    hidden: tuple[np.ndarray, np.ndarray]
    embedding: tuple[np.ndarray, np.ndarray]
    outputs: dict[str, tuple[np.ndarray, np.ndarray, list[str]]]

    @property
    def name(self) -> str:
        return f"tuned-{_safe(self.backbone)}-{self.catalogue_version}"

    @property
    def dim(self) -> int:
        return int(self.embedding[0].shape[1])

    def vectors(self, features: np.ndarray) -> np.ndarray:
        """The index's vectors for backbone ``features`` (n, backbone dim): the embedding, L2-normalised."""
        features = np.asarray(features, dtype=np.float32)
        if features.ndim != 2 or features.shape[1] != self.hidden[0].shape[0]:
            raise ValueError(f"{self.name} takes (n, {self.hidden[0].shape[0]}) features, got {features.shape}")
        hidden = np.maximum(features @ self.hidden[0] + self.hidden[1], 0.0)
        return l2_normalise(hidden @ self.embedding[0] + self.embedding[1])

    def probabilities(self, vectors: np.ndarray, task: str = "articleType") -> tuple[list[str], np.ndarray]:
        """The labels of ``task`` and their probabilities for each of the head's own ``vectors``."""
        weights, bias, labels = self.outputs[task]
        logits = LOGIT_SCALE * np.asarray(vectors, dtype=np.float32) @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        exponentials = np.exp(logits)
        return labels, exponentials / exponentials.sum(axis=1, keepdims=True)

    def save(self, path: str | os.PathLike) -> Path:
        path = Path(path)
        arrays = {"hidden_w": self.hidden[0], "hidden_b": self.hidden[1],
                  "embedding_w": self.embedding[0], "embedding_b": self.embedding[1]}
        for task, (weights, bias, _labels) in self.outputs.items():
            arrays[f"{task}_w"], arrays[f"{task}_b"] = weights, bias
        meta = {"format": HEAD_FORMAT, "backbone": self.backbone, "catalogue_version": self.catalogue_version,
                "labels": {task: labels for task, (_w, _b, labels) in self.outputs.items()}}

        def write(temp: Path) -> None:
            with open(temp, "wb") as handle:
                np.savez(handle, meta=np.array(json.dumps(meta)), **arrays)

        write_atomically(path, write)
        return path


def load_head(path: str | os.PathLike) -> TunedHead:
    with np.load(Path(path), allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        if meta.get("format") != HEAD_FORMAT:
            raise ValueError(f"{path} is not a head this library wrote")
        outputs = {task: (data[f"{task}_w"], data[f"{task}_b"], list(labels))
                   for task, labels in meta["labels"].items()}
        return TunedHead(meta["backbone"], meta["catalogue_version"], (data["hidden_w"], data["hidden_b"]),
                         (data["embedding_w"], data["embedding_b"]), outputs)


def catalogue_version(pictures: Sequence[str], labels: dict[str, Sequence[str]]) -> str:
    """A short digest of what a head learns from: the same pictures and labels give the same version."""
    digest = hashlib.sha256()
    rows = zip(pictures, *(labels[task] for task in sorted(labels)), strict=True)
    for row in sorted(rows):
        digest.update("\x1f".join(row).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()[:12]


def check_trainable(labels: dict[str, Sequence[str]]) -> None:
    """TrainingRefused unless there are enough labelled products and at least two article types to learn."""
    types = [label for label in labels.get("articleType", []) if label]
    if not types:
        raise TrainingRefused("no product has an article type to learn from")
    if len(types) < MIN_PRODUCTS:
        raise TrainingRefused(f"only {len(types)} labelled products with a picture (at least {MIN_PRODUCTS} needed)")
    counts = {label: types.count(label) for label in set(types)}
    learnable = [label for label, count in counts.items() if count >= MIN_PER_TYPE]
    if len(learnable) < 2:
        raise TrainingRefused(f"the catalogue has {len(learnable)} article type(s) with at least {MIN_PER_TYPE} "
                              "products: a head needs two or more to tell apart")


def train_head(
    features: np.ndarray,
    labels: dict[str, Sequence[str]],
    backbone: str,
    version: str,
    augmented: Sequence[np.ndarray] = (),
    mirrored: np.ndarray | None = None,
    *,
    epochs: int = EPOCHS,
    seed: int = 0,
    on_epoch: Callable[[int], None] | None = None,
) -> TunedHead:
    """Fit the head on ``features`` (n, d) with one label per row for each task, plus ``augmented`` copies
    (each (n, d), row for row the same items) and the ``mirrored`` pictures' features (a studio shot seen
    the other way round is as good an example as the shot); ``version`` names the catalogue (``catalogue_version``).
    TrainingRefused when the labels cannot train one."""
    check_trainable(labels)
    features = np.asarray(features, dtype=np.float32)
    vocabularies = {task: sorted(set(labels[task])) for task in TASKS if len(set(labels.get(task, []))) >= 2}
    targets = {task: np.array([vocabularies[task].index(label) for label in labels[task]]) for task in vocabularies}
    studio = [features] + ([np.asarray(mirrored, dtype=np.float32)] if mirrored is not None else [])
    copies = [*studio, *[np.asarray(copy, dtype=np.float32) for copy in augmented]]
    inputs = np.concatenate(copies)
    weights = np.concatenate([np.ones(len(features))] * len(studio)
                             + [np.full(len(features), AUGMENTED_WEIGHT)] * len(augmented))
    projection = _principal_projection(inputs, seed)
    if projection is not None:
        mean, directions = projection
        inputs = (inputs - mean) @ directions
    steps = epochs * -(-len(inputs) // BATCH)
    spread = float(np.sqrt(np.mean(np.square(inputs - inputs.mean(axis=0))))) or 1.0
    model = _keras_model(inputs.shape[1], {task: len(v) for task, v in vocabularies.items()}, seed, steps, spread)
    model.fit(
        inputs, [np.tile(targets[task], len(copies)) for task in vocabularies], sample_weight=weights,
        epochs=epochs, batch_size=BATCH, verbose=0, shuffle=True, callbacks=[_EpochCallback(on_epoch)],
    )
    return _as_head(model, backbone, version, vocabularies, projection)


def _principal_projection(inputs: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The mean (d,) and the ``PROJECTED`` principal directions (d, k) of the training rows; None when the
    features are no longer than that (nothing to gain)."""
    from sklearn.decomposition import PCA

    rows = np.random.default_rng(seed).permutation(len(inputs))[:PROJECTION_FIT_ROWS]
    sample = inputs[np.sort(rows)]
    components = min(PROJECTED, *sample.shape)
    if components >= inputs.shape[1]:
        return None
    # Exact either way: through the features' covariance where rows outnumber features (a real catalogue's
    # training rows; faster than the randomized solver there), through the rows themselves where they do not.
    solver = "covariance_eigh" if len(sample) >= inputs.shape[1] else "full"
    pca = PCA(n_components=components, svd_solver=solver).fit(sample)
    return pca.mean_.astype(np.float32), pca.components_.T.astype(np.float32)


def _keras_model(dim: int, classes: dict[str, int], seed: int, steps: int, spread: float):
    import keras  # training only: searches run the saved head in numpy

    keras.utils.set_random_seed(seed)
    features = keras.Input((dim,), name="features")
    # Noise of INPUT_NOISE times the inputs' ``spread``, in training only (Keras's layer takes a standard
    # deviation of at most 1, so it works on the inputs in units of their spread).
    jittered = keras.layers.Rescaling(1 / spread)(features)
    jittered = keras.layers.GaussianNoise(INPUT_NOISE, seed=seed)(jittered)
    jittered = keras.layers.Rescaling(spread)(jittered)
    hidden = keras.layers.Dense(HIDDEN, activation="relu", name="hidden")(jittered)
    hidden = keras.layers.Dropout(DROPOUT)(hidden)
    embedding = keras.layers.Dense(EMBEDDING, name="embedding")(hidden)
    unit = keras.layers.Rescaling(LOGIT_SCALE)(keras.layers.UnitNormalization()(embedding))
    outputs = [keras.layers.Dense(n, activation="softmax", name=task)(unit) for task, n in classes.items()]
    model = keras.Model(features, outputs)
    learning_rate = keras.optimizers.schedules.CosineDecay(PEAK_LEARNING_RATE, decay_steps=steps)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss=["sparse_categorical_crossentropy"] * len(classes),
                  loss_weights=[TASK_WEIGHTS[task] for task in classes])
    return model


def _EpochCallback(on_epoch: Callable[[int], None] | None):
    import keras

    class EpochCallback(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if on_epoch is not None:
                on_epoch(epoch + 1)

    return EpochCallback()


def _as_head(model, backbone: str, version: str, vocabularies: dict[str, list[str]],
             projection: tuple[np.ndarray, np.ndarray] | None) -> TunedHead:
    def weights_of(name: str) -> tuple[np.ndarray, np.ndarray]:
        kernel, bias = model.get_layer(name).get_weights()
        return kernel.astype(np.float32), bias.astype(np.float32)

    kernel, bias = weights_of("hidden")
    if projection is not None:  # (x - mean) @ directions @ kernel + bias, as one layer on x itself
        mean, directions = projection
        kernel, bias = directions @ kernel, bias - (mean @ directions) @ kernel
    outputs = {task: (*weights_of(task), labels) for task, labels in vocabularies.items()}
    return TunedHead(backbone, version, (kernel, bias), weights_of("embedding"), outputs)


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)
