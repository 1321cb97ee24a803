"""Étape « rendu » du guide (voir README, architecture)."""
