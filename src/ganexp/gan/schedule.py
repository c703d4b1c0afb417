"""Which judge trains the generator when, and how many judge steps each generator step gets.

A schedule is a list of phases, each from its start epoch to the next phase's. The combined
model of the original study is two phases: a weight-clipped critic (WGAN) from epoch 0, then a
discriminator (GAN) from the switch epoch; a plain GAN or WGAN is a single phase.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Phase:
    """From 0-based epoch ``start_epoch``: train against judge ``judge``, one generator step
    after every ``judge_steps`` judge steps (``warmup_judge_steps`` in the phase's first
    ``warmup_epochs`` epochs). ``name`` labels the phase in histories ("gan", "wgan")."""

    name: str
    judge: str
    start_epoch: int = 0
    judge_steps: int = 1
    warmup_epochs: int = 0
    warmup_judge_steps: int = 1

    def __post_init__(self) -> None:
        if self.start_epoch < 0:
            raise ValueError(f"phase {self.name!r}: start_epoch must be >= 0")
        if self.judge_steps < 1 or self.warmup_judge_steps < 1:
            raise ValueError(f"phase {self.name!r}: judge steps per generator step must be >= 1")


class PhaseSchedule:
    """Phases in order of their start epochs; the first starts at epoch 0."""

    def __init__(self, phases: Sequence[Phase]) -> None:
        self.phases = tuple(sorted(phases, key=lambda phase: phase.start_epoch))
        if not self.phases or self.phases[0].start_epoch != 0:
            raise ValueError("a schedule needs a phase that starts at epoch 0")
        starts = [phase.start_epoch for phase in self.phases]
        if len(set(starts)) != len(starts):
            raise ValueError(f"two phases start at the same epoch: {starts}")

    def phase(self, epoch: int) -> Phase:
        """The phase of 0-based ``epoch``."""
        return [phase for phase in self.phases if phase.start_epoch <= epoch][-1]

    def judge_steps(self, epoch: int) -> int:
        """Judge steps per generator step in 0-based ``epoch``."""
        phase = self.phase(epoch)
        in_warmup = epoch - phase.start_epoch < phase.warmup_epochs
        return phase.warmup_judge_steps if in_warmup else phase.judge_steps

    @property
    def judges(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(phase.judge for phase in self.phases))


def switch_schedule(
    switch_epoch: int | None,
    *,
    critic: Phase,
    discriminator: Phase,
) -> PhaseSchedule:
    """The combined model's schedule: ``critic`` before ``switch_epoch``, ``discriminator``
    from it (0: a plain GAN; None: never switch, a plain WGAN)."""
    if switch_epoch is None:
        return PhaseSchedule([replace(critic, start_epoch=0)])
    if switch_epoch == 0:
        return PhaseSchedule([replace(discriminator, start_epoch=0)])
    return PhaseSchedule(
        [replace(critic, start_epoch=0), replace(discriminator, start_epoch=switch_epoch)]
    )
