"""The adversarial engine both experiments configure: losses and penalties, a phase schedule,
one compiled epoch, one random stream, a moving average of the generator. Never imports the
experiment packages or ganexp.pipeline."""
