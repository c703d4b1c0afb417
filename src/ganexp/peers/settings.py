"""Which peers there are and how they run: params.yaml section ``peers``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from ganexp.validation import Section, Seed

PeerName = Literal["ctgan", "tvae", "copula", "arf"]

# each peer's synthesizer, with its library's own preprocessing and defaults: SDV's single-table
# synthesizers (their preprocessing is RDT's), and arfpy's adversarial random forests
SYNTHESIZERS: dict[str, str] = {
    "ctgan": "CTGANSynthesizer",
    "tvae": "TVAESynthesizer",
    "copula": "GaussianCopulaSynthesizer",
    "arf": "arf",  # arfpy.arf.arf
}


class PeerParams(Section):
    """One peer: its seeds (three where a fit takes ~10 minutes or less on 2 cores, else one)
    and any keyword its synthesizer takes, beside the library's defaults (none by default)."""

    seeds: list[Seed] = Field(min_length=1)
    settings: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _distinct_seeds(self) -> PeerParams:
        if len(set(self.seeds)) != len(self.seeds):
            raise ValueError("seeds: each seed once")
        return self


class PeersParams(Section):
    """The datasets the peers run on, and each peer's runs."""

    datasets: list[str] = Field(min_length=1)
    synthesizers: dict[PeerName, PeerParams] = Field(min_length=1)

    def peer(self, name: str) -> PeerParams:
        if name not in self.synthesizers:
            known = ", ".join(self.synthesizers)
            raise ValueError(f"no such peer {name!r} (declared: {known})")
        return self.synthesizers[name]
