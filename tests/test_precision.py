"""The precision a run takes, decided on constructed machines."""

from __future__ import annotations

import pytest

from ganexp.gan.precision import cpu_flags, cpu_has_bfloat16, has_native_bfloat16, resolve

EPYC = "processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni\n"
OLDER = "processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_vnni\n"
SAPPHIRE = "flags\t\t: avx512f amx_tile amx_bf16 amx_int8\n"


def test_the_cpu_flags_say_whether_bfloat16_is_native():
    assert "avx512_bf16" in cpu_flags(EPYC)
    assert cpu_has_bfloat16(EPYC) and cpu_has_bfloat16(SAPPHIRE)
    assert not cpu_has_bfloat16(OLDER) and not cpu_has_bfloat16("")


def test_a_gpu_decides_by_its_compute_capability():
    assert has_native_bfloat16(OLDER, gpus=[(8, 6)])
    assert not has_native_bfloat16(EPYC, gpus=[(7, 5)])  # a T4: the work runs there, emulated
    assert has_native_bfloat16(EPYC, gpus=[]) and not has_native_bfloat16(OLDER, gpus=[])


def test_auto_takes_bfloat16_only_where_it_is_native_and_never_emulates():
    assert resolve("auto", native=True) == "bfloat16"
    assert resolve("auto", native=False) == "float32"
    assert resolve("float32", native=True) == "float32"
    assert resolve("bfloat16", native=True) == "bfloat16"
    with pytest.raises(ValueError, match=r"^precision: bfloat16 is not native on this machine"):
        resolve("bfloat16", native=False)


# -- training in bfloat16: matmuls in bfloat16, everything the training reads in float32 ----------
# (the builders take a resolved precision, so these run on any CPU: emulated where not native)

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from ganexp.gan import precision as precision_module  # noqa: E402
from ganexp.gan.losses import R1, BinaryCrossEntropy, GradientPenalty  # noqa: E402
from ganexp.tabular.encoding.layout import OneHotBlock, ValueBlock  # noqa: E402
from ganexp.tabular.model.networks import build_critic, build_discriminator, load_network  # noqa: E402
from ganexp.tabular.model.settings import GANSettings, NetworkSpec  # noqa: E402

RELU = NetworkSpec(hidden=(8,), activation="relu")  # leaky_relu's 0.2 is not exact in bfloat16


def exact_judge(precision: str, critic: bool = True) -> keras.Model:
    """A judge whose weights, activations and (for the critic, no sigmoid) input gradients are
    exact in bfloat16 (halves, small sums): the same in either precision, so only how the loss
    and the penalty are summed can differ."""
    build = build_critic if critic else build_discriminator
    network = build(4, RELU, precision=precision)
    rng = np.random.default_rng(3)
    network.set_weights(
        [rng.choice([-1.0, -0.5, 0.5, 1.0], w.shape).astype("float32") for w in network.weights]
    )
    return network


def halves(n: int, seed: int) -> tf.Tensor:
    values = np.random.default_rng(seed).choice([-1.0, -0.5, 0.5, 1.0], (n, 4))
    return tf.constant(values, "float32")


@pytest.mark.parametrize("penalty", [R1(10.0), GradientPenalty(10.0)])
def test_penalties_and_losses_of_a_bfloat16_judge_are_float32_values(penalty):
    real, fake = halves(96, 0), halves(96, 1)
    figures = {}
    for precision in ("float32", "bfloat16"):
        rng = tf.random.Generator.from_seed(5)
        _, _, term = penalty.scores_and_term(exact_judge(precision), real, fake, rng)
        discriminator = exact_judge(precision, critic=False)
        real_scores, fake_scores = discriminator(real), discriminator(fake)
        loss = BinaryCrossEntropy().judge_loss(real_scores, fake_scores)
        assert term.dtype == loss.dtype == real_scores.dtype == tf.float32
        figures[precision] = (float(term), float(loss))
    # summed in bfloat16 either would be off by up to 2^-8 of itself; float32 sums agree
    np.testing.assert_allclose(figures["bfloat16"], figures["float32"], rtol=2e-6)
    assert figures["float32"][0] > 1.0  # a term big enough for bfloat16 rounding to show


def test_bfloat16_training_keeps_float32_weights_optimiser_state_and_outputs(monkeypatch):
    from ganexp.tabular.model.gan import TabularGAN

    monkeypatch.setattr(precision_module, "has_native_bfloat16", lambda *a, **k: True)
    blocks = [ValueBlock(), OneHotBlock(3, frequencies=(0.5, 0.3, 0.2))]
    settings = GANSettings(
        epochs=2, batch_size=32, quality_every=0, precision="bfloat16", **_SMALL_NETWORKS
    )
    gan = TabularGAN(blocks, settings, seed=0, n_rows=128)
    assert gan.precision == "bfloat16"
    rows = np.random.default_rng(0).uniform(0, 1, (128, 4)).astype("float32")
    rows[:, 1:] = np.eye(3, dtype="float32")[np.arange(128) % 3]
    history = gan.fit(rows, rows[:32])
    assert all(np.isfinite(record.discriminator_loss) for record in history)
    trainer = gan.trainer
    networks = [trainer.generator, gan.discriminator, gan.kept_generator]
    for network in networks:
        hidden = [layer for layer in network.layers if isinstance(layer, keras.layers.Dense)]
        assert [layer.compute_dtype for layer in hidden[:-1]] == ["bfloat16"] * 2
        assert hidden[-1].compute_dtype == "float32"  # logits and scores
        assert {w.dtype for w in network.weights} == {"float32"}
    optimizer = trainer.judges["discriminator"].optimizer
    assert {v.dtype for v in optimizer.variables if v.dtype.startswith("float")} == {"float32"}
    sample = gan.kept_generator(tf.zeros((5, gan.kept_generator.input_shape[-1])))
    assert sample.dtype == tf.float32


_SMALL_NETWORKS = {"generator": {"hidden": [16, 16]}, "discriminator": {"hidden": [16, 16]}}


def test_auto_builds_float32_networks_where_bfloat16_is_not_native(monkeypatch):
    from ganexp.tabular.model.gan import TabularGAN

    monkeypatch.setattr(precision_module, "has_native_bfloat16", lambda *a, **k: False)
    settings = GANSettings(epochs=1, precision="auto", **_SMALL_NETWORKS)
    gan = TabularGAN([ValueBlock(), ValueBlock()], settings, seed=0, n_rows=64)
    assert gan.precision == "float32"
    for network in (gan.kept_generator, gan.discriminator):
        assert {layer.compute_dtype for layer in network.layers} == {"float32"}
    with pytest.raises(ValueError, match="precision: bfloat16 is not native"):
        TabularGAN([ValueBlock()], settings.model_copy(update={"precision": "bfloat16"}), 0, 64)


def test_bfloat16_runs_repeat_and_load_as_float32_where_not_native(tmp_path, monkeypatch):
    import pandas as pd

    from ganexp import TabularSynthesizer

    monkeypatch.setattr(precision_module, "has_native_bfloat16", lambda *a, **k: True)
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"x": rng.normal(size=200), "c": rng.choice(["a", "b"], 200)})
    fits = []
    for _ in range(2):
        synthesizer = TabularSynthesizer(
            seed=3, epochs=2, batch_size=32, precision="bfloat16", **_SMALL_NETWORKS
        )
        fits.append(synthesizer.fit(frame))
    weights = [np.concatenate([w.ravel() for w in s.generator.get_weights()]) for s in fits]
    np.testing.assert_array_equal(weights[0], weights[1])  # same machine, same bits
    fits[0].save(tmp_path)
    assert fits[0].state()["precision"] == "bfloat16"
    monkeypatch.setattr(precision_module, "has_native_bfloat16", lambda *a, **k: False)
    loaded = TabularSynthesizer.load(tmp_path)
    assert loaded.precision == "bfloat16"  # what it trained in
    assert {layer.compute_dtype for layer in loaded.generator.layers} == {"float32"}
    # the generator's own rows: a refiner's draw from the pool would amplify rounding
    kept = fits[0].sample(300, seed=1, refine=False)
    again = loaded.sample(300, seed=1, refine=False)
    assert (kept["c"] == again["c"]).mean() > 0.95  # float32 inference of the same weights
    np.testing.assert_allclose(again["x"], kept["x"], atol=0.1)
    as_saved = load_network(tmp_path, tmp_path, "generator")  # where it is native: as trained
    assert "bfloat16" in {layer.compute_dtype for layer in as_saved.layers}


def test_the_two_d_networks_keep_float32_coordinates_and_scores():
    from ganexp.gaussians.combined import build_critic, build_generator

    generator = build_generator(2, (16, 16), precision="bfloat16")
    critic = build_critic((16, 16), precision="bfloat16")
    points = generator(tf.zeros((4, 2)))
    assert points.dtype == tf.float32 and critic(points).dtype == tf.float32
    assert [layer.compute_dtype for layer in generator.layers] == ["bfloat16"] * 2 + ["float32"]
