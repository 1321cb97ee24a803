"""Étape « donnees » du guide (voir README, architecture)."""
