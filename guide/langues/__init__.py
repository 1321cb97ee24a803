"""Étape « langues » du guide (voir README, architecture)."""
