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
