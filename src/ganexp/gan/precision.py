"""Which floating-point precision a run trains in: ``auto``, ``float32`` or ``bfloat16``.

bfloat16 halves the bytes a matmul moves and, where the hardware computes it natively, runs
faster than float32: on a CPU with AVX512_BF16 or AMX, on a GPU with bfloat16 tensor cores
(compute capability 8.0 and up). Elsewhere TensorFlow emulates it, slower than float32 and with
float32's accuracy lost for nothing, so ``auto`` takes bfloat16 only where it is native and a
machine without it is never handed an emulated one: asking for ``bfloat16`` there is an error.

Only the choice lives here; no TensorFlow import until a GPU has to be asked about.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Precision = Literal["auto", "float32", "bfloat16"]
Resolved = Literal["float32", "bfloat16"]

CPU_BF16_FLAGS = ("avx512_bf16", "amx_bf16")  # /proc/cpuinfo flags of a native bfloat16 unit
GPU_BF16_CAPABILITY = (8, 0)  # Ampere and later: bfloat16 tensor cores


def cpu_flags(cpuinfo: str) -> set[str]:
    """The CPU feature flags a /proc/cpuinfo text lists."""
    flags: set[str] = set()
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags":
            flags.update(value.split())
    return flags


def cpu_has_bfloat16(cpuinfo: str | None = None) -> bool:
    """Whether the CPU computes bfloat16 natively (``cpuinfo``: /proc/cpuinfo's text; read
    from the machine when None; False where there is none to read)."""
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    return bool(cpu_flags(cpuinfo) & set(CPU_BF16_FLAGS))


def gpu_capabilities() -> list[tuple[int, int]]:
    """Compute capabilities of the GPUs TensorFlow sees (none with the CPU wheel)."""
    import tensorflow as tf

    found = []
    for device in tf.config.list_physical_devices("GPU"):
        capability = tf.config.experimental.get_device_details(device).get("compute_capability")
        if capability:
            found.append(tuple(capability))
    return found


def has_native_bfloat16(
    cpuinfo: str | None = None, gpus: list[tuple[int, int]] | None = None
) -> bool:
    """Whether this machine trains where bfloat16 is native: its GPU if it has one (TensorFlow
    places the work there), else its CPU."""
    gpus = gpu_capabilities() if gpus is None else gpus
    if gpus:
        return all(capability >= GPU_BF16_CAPABILITY for capability in gpus)
    return cpu_has_bfloat16(cpuinfo)


def resolve(precision: Precision, native: bool | None = None) -> Resolved:
    """The precision a run takes: ``auto`` is bfloat16 exactly where it is native. A ValueError
    (one line, naming the setting) for bfloat16 on a machine that would emulate it."""
    native = has_native_bfloat16() if native is None else native
    if precision == "auto":
        return "bfloat16" if native else "float32"
    if precision == "bfloat16" and not native:
        raise ValueError(
            "precision: bfloat16 is not native on this machine (no AVX512_BF16 or AMX CPU, no "
            "GPU of compute capability 8.0+); use auto or float32"
        )
    return precision


def hidden_policy(resolved: Resolved) -> str:
    """The Keras dtype policy of a network's hidden layers: ``mixed_bfloat16`` (float32 weights
    and optimiser state, bfloat16 matmuls and activations) or ``float32``. Output layers stay
    ``float32`` whatever the precision, so scores, logits, coordinates and every loss, penalty
    and metric computed from them are float32 (as TensorFlow's mixed-precision guide advises);
    bfloat16 has float32's range, so unlike float16 it needs no loss scaling."""
    return "mixed_bfloat16" if resolved == "bfloat16" else "float32"
