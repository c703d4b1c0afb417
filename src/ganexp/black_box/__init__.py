"""The original study's second architecture: a generator that never sees a real row. It takes
noise and a desired confidence C and learns, from a black box's ``predict_proba`` and a table
spec without values, to make rows the black box scores at C. On the tabular GAN's engine
(``ganexp.gan``) and encoder column kinds; docs/method.md says what the generator knows."""
