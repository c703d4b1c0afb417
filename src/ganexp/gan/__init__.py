"""The adversarial engine shared by both experiments (for now: one seeded, deterministic random
stream)."""
