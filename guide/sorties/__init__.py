"""Étape « sorties » du guide (voir README, architecture)."""
