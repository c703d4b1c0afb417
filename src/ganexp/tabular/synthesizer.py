"""The public synthesizer: fit on a DataFrame, sample rows, save, load, sample the same rows.

The contract synthetic-data users know from CTGAN and SDV, on ganexp's tabular GAN::

    from ganexp import TabularSynthesizer
    synthesizer = TabularSynthesizer(epochs=50, seed=0).fit(frame)
    rows = synthesizer.sample(1000, seed=1, conditions={"income": ">50K"})
    synthesizer.save("model/")
    TabularSynthesizer.load("model/").sample(1000, seed=1)  # the same rows
    synthesizer.sample(1000, refine=False)  # the generator's own rows, none set aside

After the GAN, ``fit`` trains a second classifier to tell real rows from the generator's (the
refiner, ``ganexp.tabular.refine``); ``sample`` draws a pool of ``refine.pool`` x n rows and keeps
n of them by the classifier's clipped odds, which moves them toward the real table
(Discriminator Rejection Sampling, arXiv 1810.06758; importance weighting, arXiv 1906.09531).

A saved synthesizer is a directory of JSON and weights-only HDF5, never a pickle:
``synthesizer.json`` (settings, the encoder), ``table.json`` (the table spec: the columns, their
kinds and dtypes, ``ganexp.tabular.spec``), and
``generator.json`` / ``discriminator.json`` with their ``*.weights.h5``, and the refiner in
``refiner/`` (its settings as JSON, its classifier through skops or as Keras weights). A
directory without ``refiner/`` (saved before refiners, or fitted with ``refine=False``) samples
the generator's rows. ``train_gan`` writes the same layout with one weights folder per checkpoint
(``epoch-NNNN/``); ``load(path, epoch=N)`` reads one of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from ganexp.errors import DataError
from ganexp.tabular.detection import detected_spec
from ganexp.tabular.encoding.column_spec import ColumnSpec
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.encoding.settings import POINT_MASS, TAILS
from ganexp.tabular.model import checkpoints
from ganexp.tabular.model.history import EpochRecord
from ganexp.tabular.model.settings import GANSettings
from ganexp.tabular.refine.refiner import Refiner
from ganexp.tabular.refine.settings import RefineSettings
from ganexp.tabular.spec import TableSpec

_FORMAT = "ganexp.TabularSynthesizer"
_VERSION = 2
_READABLE_VERSIONS = (1, 2)  # version 1: the columns inside synthesizer.json, no table.json
CHUNK = 8192  # rows generated per call: bounded memory whatever n
MAX_DRAWS_PER_ROW = 200  # conditional sampling gives up after this many draws per wanted row


class TabularSynthesizer:
    """A tabular GAN behind the fit / sample / save / load contract.

    ``settings`` are ``GANSettings`` fields (``batch_size``, ``r1_penalty``, ``generator``...);
    an unknown one is a ValueError naming it. Numeric columns stay numeric, and so do dates and
    times (generated back in the input's dtype, resolution and time zone); object, string,
    boolean and category columns (and any named in ``discrete_columns``) are nominal. Missing
    values are allowed: a missing category is generated as missing, a missing number or date is
    imputed with the column's median; an infinite number is an error naming its column and row.
    An identifier column (``fit(..., id_columns=)``) is never learned: sampled rows get fresh
    values in its format, none of them a training value.
    A column that is a function of a nominal one in ``data`` (every category always with the
    same value, at least ``related_columns.MIN_SUPPORT`` rows each) is not generated but rebuilt
    from it, so sampled rows never contradict it.

    ``refine``: ``RefineSettings`` fields as a dict (``{"pool": 4, "clip": 20}``), a
    ``RefineSettings``, or False for no refiner."""

    def __init__(
        self,
        seed: int = 0,
        refine: RefineSettings | Mapping[str, Any] | bool = True,
        **settings: Any,
    ) -> None:
        self.settings = GANSettings.from_dict(settings)
        self.refine_settings = _refine_settings(refine)
        self.refiner: Refiner | None = None
        self.seed = int(seed)
        self.encoder: TabularEncoder | None = None
        self.spec: TableSpec | None = None  # the table: rows are given back in its dtypes
        self.history: list[EpochRecord] = []  # one per epoch of the last fit
        self.precision: str | None = None  # float32 or bfloat16: what training computed in
        self._gan = None
        self._networks: dict[str, Any] = {}

    # -- fitting ---------------------------------------------------------------------------------
    @classmethod
    def from_encoder(
        cls,
        encoder: TabularEncoder,
        settings: GANSettings,
        seed: int,
        spec: TableSpec | None = None,
    ) -> TabularSynthesizer:
        """A synthesizer for rows an already fitted encoder makes (the pipeline's split files),
        given back as ``spec`` says (default: as the encoder decodes them)."""
        synthesizer = cls(seed=seed, refine=False, **settings.to_dict())
        synthesizer.encoder = encoder
        synthesizer.spec = spec or TableSpec.of_encoder(encoder)
        return synthesizer

    def fit(
        self,
        data: pd.DataFrame,
        discrete_columns: Sequence[str] | None = None,
        *,
        validation: pd.DataFrame | None = None,
        joint_columns: Sequence[Sequence[str]] = (),
        id_columns: Sequence[str] | None = None,
        spec: TableSpec | None = None,
    ) -> TabularSynthesizer:
        """Learn ``data``'s columns, then train. Per-epoch figures (``self.history``) are taken
        on ``validation`` if given, else on up to 1,000 of the training rows. Each group in
        ``joint_columns`` (e.g. ``[["month", "day"]]``) is generated as one column over the
        combinations ``data`` has, so no row gets a combination that never occurs.

        ``id_columns`` are identifiers: never learned, sampled as fresh values in their format
        that no training row holds. Left as None, a text column with a distinct value on nearly
        every row is taken for one, with a warning; a list (even empty) turns that off.

        ``spec`` (a ``TableSpec``, e.g. ``TableSpec.detect(data)`` corrected by hand) says what
        the table is instead of the three keywords: kinds, categories, identifiers, joint
        columns. ``self.spec`` is the one used, with the derived columns found.

        With a refiner (the default) the GAN trains on all of ``data`` and the refiner then
        learns ``data`` against the generator's rows (``refine.fit_on: train``); with
        ``fit_on: validation`` a ``refine.holdout`` share of ``data`` is held back from the GAN
        for the refiner alone."""
        if not isinstance(data, pd.DataFrame) or data.empty:
            raise DataError("fit expects a non-empty pandas DataFrame")
        if spec is None:
            spec = detected_spec(data, discrete_columns, id_columns, joint_columns)
        elif discrete_columns or id_columns is not None or joint_columns:
            raise DataError("fit: pass a spec or discrete_columns / id_columns / joint_columns")
        typed = spec.validate().typed_frame(data)
        self.encoder = TabularEncoder(
            nominal="onehot",
            numeric="quantile",
            derive=True,
            joint=spec.joint,
            point_mass=POINT_MASS,
            tails=TAILS,
            interpolated=spec.datetimes,
            relations=True,
        ).fit(typed)
        self.spec = replace(
            spec, derived=dict(self.encoder.derived), relations=self.encoder.relations_
        )
        train = self.encoder.transform(typed)
        refine = self.refine_settings
        unseen = None
        if refine.enabled and refine.fit_on == "validation":
            order = np.random.default_rng(self.seed).permutation(len(train))
            cut = max(2, round(refine.holdout * len(train)))
            if len(train) - cut < 2:
                raise DataError(f"refine.holdout: {refine.holdout} leaves the GAN no rows")
            train, unseen = train[np.sort(order[cut:])], train[np.sort(order[:cut])]
        held_out = (
            self.encoder.transform(spec.typed_frame(validation)) if validation is not None else None
        )
        if held_out is None:
            held_out = train[np.random.default_rng(self.seed).permutation(len(train))[:1000]]
        self.fit_encoded(train, held_out)
        if refine.enabled:
            self.fit_refiner(train if unseen is None else unseen, refine)
        return self

    def fit_refiner(
        self, real: np.ndarray, settings: RefineSettings | None = None, seed: int | None = None
    ) -> Refiner:
        """Train the refiner on ``real`` encoded rows against as many of the generator's (the
        pipeline calls this on its own split after the GAN is chosen)."""
        from ganexp.gan.seeding import stream_seed

        self._network("generator")
        settings = settings or self.refine_settings
        base = self.seed if seed is None else int(seed)
        self.refiner = Refiner.fit(
            real,
            lambda n, draw: self.sample_encoded(n, draw),
            settings.model_copy(update={"enabled": True}),
            stream_seed(base, "refine.fit"),
            self._networks.get("discriminator"),
        )
        self.refine_settings = self.refiner.settings
        return self.refiner

    def fit_encoded(
        self,
        train: np.ndarray,
        validation: np.ndarray,
        on_epoch_end: Callable[[int, EpochRecord], None] | None = None,
    ) -> list[EpochRecord]:
        """Train on rows the encoder already made; returns (and keeps) the per-epoch history."""
        from ganexp.gan.seeding import seed_everything
        from ganexp.tabular.encoding.layout import with_frequencies
        from ganexp.tabular.model.gan import TabularGAN

        self._require_encoder()
        seed_everything(self.seed)
        blocks = with_frequencies(self.encoder.layout, train)
        self._gan = TabularGAN(blocks, self.settings, self.seed, n_rows=len(train))
        self._networks = {
            "generator": self._gan.kept_generator,
            "discriminator": self._gan.discriminator,
        }
        self.precision = self._gan.precision
        self.history = self._gan.fit(train, validation, on_epoch_end=on_epoch_end)
        return self.history

    # -- sampling --------------------------------------------------------------------------------
    @property
    def generator(self):
        """The generator rows come from: the moving average of the trained weights, if kept."""
        return self._network("generator")

    @property
    def discriminator(self):
        return self._network("discriminator")

    def sample_encoded(
        self,
        n: int,
        seed: int | None = None,
        progress: bool = False,
        condition: float | None = None,
        refine: bool = False,
    ) -> np.ndarray:
        """``n`` encoded rows, the same for the same seed (default: the synthesizer's);
        ``condition``: the generator's condition column fixed (``model.conditions``);
        ``refine``: each chunk of rows kept by the refiner from a pool ``refine.pool`` times
        its size."""
        import tensorflow as tf

        from ganexp.gan.seeding import stream_seed

        refiner = self._require_refiner() if refine else None
        base = self.seed if seed is None else int(seed)
        rng = tf.random.Generator.from_seed(base)
        keep_rng = np.random.default_rng(stream_seed(base, "refine.keep"))
        parts = []
        with tqdm(total=n, unit="row", disable=not progress, desc="sampling") as bar:
            for start in range(0, n, CHUNK):
                size = min(CHUNK, n - start)
                if refiner is None:
                    parts.append(self._generated(rng, size, condition))
                else:
                    pool = self._generated(rng, refiner.pool_size(size), condition)
                    parts.append(refiner.keep(pool, size, keep_rng))
                bar.update(size)
        width_out = sum(column.width for column in self.encoder.columns_)
        return np.concatenate(parts) if parts else np.zeros((0, width_out), "float32")

    def _generated(self, rng, size: int, condition: float | None) -> np.ndarray:
        """``size`` rows of the generator from the noise stream ``rng``, in chunks."""
        import tensorflow as tf

        from ganexp.gan.noise import uniform_noise

        generator = self.generator
        width = int(generator.input_shape[-1])
        parts = []
        for start in range(0, size, CHUNK):
            step = min(CHUNK, size - start)
            noise = uniform_noise(rng, step, width)
            if condition is not None:
                noise = tf.concat([noise[:, :-1], tf.fill((step, 1), condition)], axis=1)
            parts.append(np.asarray(generator(noise, training=False)))
        return np.concatenate(parts)

    def sample_decoded(
        self,
        n: int,
        seed: int | None = None,
        progress: bool = False,
        condition: float | None = None,
        refine: bool = False,
    ) -> pd.DataFrame:
        """``n`` rows as the encoder decodes them (dates as numbers, no identifiers): what
        ``sample`` gives back in the input's dtypes, and what fidelity figures measure."""
        encoded = self.sample_encoded(n, seed, progress, condition, refine)
        return self.encoder.inverse_transform(encoded)

    def sample(
        self,
        n: int,
        seed: int | None = None,
        conditions: Mapping[str, Any] | None = None,
        progress: bool = False,
        refine: bool | None = None,
    ) -> pd.DataFrame:
        """``n`` rows with the input's columns, dtypes and categories. ``conditions`` fixes
        nominal columns ({"income": ">50K"}). A model trained by sampling makes the first
        one-hot column's category directly; any other is drawn for: rows are drawn until ``n``
        match (a DataError if the model rarely makes such rows).

        ``refine`` (default: whenever the synthesizer has a refiner): the rows are kept by the
        refiner from a pool ``refine.pool`` times as large (under ``conditions``, a pool of rows
        that meet them); False: the generator's own rows."""
        self._require_encoder()
        if not isinstance(n, (int, np.integer)) or n < 0:
            raise DataError(f"n: expected a whole number of rows >= 0, got {n!r}")
        use = self.refiner is not None if refine is None else bool(refine)
        refiner = self._require_refiner() if use else None
        wanted = self.spec.checked_conditions(conditions or {})
        base = self.seed if seed is None else int(seed)
        if not wanted:
            decoded = self.sample_decoded(n, seed, progress, refine=use)
            return self.spec.restored_frame(decoded, base)
        direct, condition = self._direct_condition(wanted)
        need = n if refiner is None else refiner.pool_size(n)
        kept, drawn, found = [], 0, 0
        with tqdm(total=need, unit="row", disable=not progress, desc="sampling") as bar:
            while found < need and drawn < MAX_DRAWS_PER_ROW * need:
                size = need - found if direct == set(wanted) else max(CHUNK, 2 * (need - found))
                encoded = self.sample_encoded(size, base + drawn, condition=condition)
                rows = self.encoder.inverse_transform(encoded)
                drawn += size
                match = np.ones(len(rows), dtype=bool)
                for name, code in wanted.items():
                    match &= np.asarray(rows[name].astype(object) == code)
                kept.append(encoded[match])
                found += int(match.sum())
                bar.update(min(int(match.sum()), need - bar.n))
        if found < need:
            where = ", ".join(f"{k}={v!r}" for k, v in (conditions or {}).items())
            pool = "" if refiner is None else f" for a pool of {need} (refine=False needs {n})"
            raise DataError(
                f"conditions {where}: the model made only {found} matching row(s) in {drawn} "
                f"draws; it rarely generates such rows (need {need}{pool})"
            )
        pool = np.concatenate(kept)[:need]
        if refiner is not None:
            from ganexp.gan.seeding import stream_seed

            pool = refiner.keep(pool, n, np.random.default_rng(stream_seed(base, "refine.keep")))
        return self.spec.restored_frame(self.encoder.inverse_transform(pool), base)

    def _direct_condition(self, wanted: Mapping[str, str]) -> tuple[set[str], float | None]:
        if not self.settings.training_by_sampling:
            return set(), None
        from ganexp.tabular.model.conditions import direct_condition

        return direct_condition(self.encoder, self.generator.get_layer("condition"), wanted)

    # -- saving ----------------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """Everything but the weights, as plain JSON data."""
        self._require_encoder()
        return {
            "format": _FORMAT,
            "version": _VERSION,
            "seed": self.seed,
            "settings": self.settings.to_dict(),
            "precision": self.precision,  # what `auto` resolved to where it trained
            "encoder": self.encoder.to_dict(),
        }

    def save_architecture(self, path: str | Path) -> None:
        """``synthesizer.json``, ``table.json`` and the networks' configs into an existing
        directory."""
        path = Path(path)
        (path / checkpoints.STATE_FILE).write_text(
            json.dumps(self.state(), indent=1) + "\n", encoding="utf-8"
        )
        self.spec.save(path / checkpoints.SPEC_FILE)
        for name in checkpoints.NETWORKS:
            checkpoints.save_config(self._network(name), path, name)

    def save_weights(self, path: str | Path) -> None:
        for name in checkpoints.NETWORKS:
            checkpoints.save_weights(self._network(name), Path(path), name)

    def save(self, path: str | Path) -> None:
        """A directory that ``load`` reads back (created if needed; its files are replaced)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.save_architecture(path)
        self.save_weights(path)
        if self.refiner is not None:
            self.refiner.save(path)

    @classmethod
    def load(cls, path: str | Path, epoch: int | None = None) -> TabularSynthesizer:
        """A saved synthesizer; ``epoch`` picks a checkpoint of a ``train_gan`` directory."""
        path = Path(path)
        state_path = path / checkpoints.STATE_FILE
        if not state_path.is_file():
            seeds = checkpoints.seeds_in(path) if path.is_dir() else []
            first = checkpoints.seed_folder(path, seeds[0]) if seeds else None
            hint = f"; it holds one per seed: {first}" if first else ""
            raise DataError(f"{path}: not a saved synthesizer (no {checkpoints.STATE_FILE}){hint}")
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise DataError(f"{state_path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
        if state.get("format") != _FORMAT or state.get("version") not in _READABLE_VERSIONS:
            raise DataError(f"{state_path}: not a {_FORMAT} v{_VERSION} state")
        synthesizer = cls(seed=state["seed"], refine=False, **state["settings"])
        synthesizer.encoder = TabularEncoder.from_dict(state["encoder"])
        if state["version"] == 1:
            synthesizer.spec = replace(
                TableSpec.of_encoder(synthesizer.encoder),
                columns=tuple(ColumnSpec.from_dict(c) for c in state["columns"]),
            )
        else:
            synthesizer.spec = TableSpec.load(path / checkpoints.SPEC_FILE)
        weights = path if epoch is None else checkpoints.epoch_folder(path, epoch)
        if epoch is not None and not weights.is_dir():
            found = checkpoints.checkpointed_epochs(path)
            raise DataError(f"{weights}: no such checkpoint (epochs kept: {_span(found)})")
        from ganexp.gan.precision import has_native_bfloat16
        from ganexp.tabular.model.networks import load_network

        synthesizer.precision = checkpoints.precision_of(state)
        as_float32 = synthesizer.precision == "bfloat16" and not has_native_bfloat16()
        synthesizer._networks = {
            name: load_network(path, weights, name, as_float32) for name in checkpoints.NETWORKS
        }
        synthesizer.refiner = Refiner.load(path, synthesizer._networks["discriminator"])
        if synthesizer.refiner is not None:
            synthesizer.refine_settings = synthesizer.refiner.settings
        return synthesizer

    # -- helpers ---------------------------------------------------------------------------------
    def _network(self, name: str):
        if name not in self._networks:
            raise DataError("the synthesizer is not fitted: call fit or load first")
        return self._networks[name]

    def _require_refiner(self) -> Refiner:
        self._require_encoder()
        if self.refiner is None:
            raise DataError(
                "refine: the synthesizer has no refiner (fitted with refine=False, or saved "
                "before refiners): call fit_refiner, or sample with refine=False"
            )
        return self.refiner

    def _require_encoder(self) -> None:
        if self.encoder is None:
            raise DataError("the synthesizer is not fitted: call fit or load first")


def _refine_settings(refine: RefineSettings | Mapping[str, Any] | bool) -> RefineSettings:
    if isinstance(refine, RefineSettings):
        return refine
    if isinstance(refine, bool):
        return RefineSettings(enabled=refine)
    if isinstance(refine, Mapping):
        try:
            return RefineSettings(**refine)
        except ValueError as exc:
            raise ValueError(f"refine.{exc}") from None
    raise ValueError(
        f"refine: expected a dict of settings, RefineSettings or a bool, got {refine!r}"
    )


def _span(epochs: list[int]) -> str:
    return f"{epochs[0]}..{epochs[-1]}" if epochs else "none"
