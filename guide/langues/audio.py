"""Les enregistrements audio des fiches (data/translations/<langue>.yaml, champ audio) : un budget de taille et une durée vérifiée.

Un enregistrement se télécharge sur un téléphone, parfois avec peu de données : la voix en Opus à 24 kbit/s suffit. Le
budget est donc de 3 Ko par seconde déclarée, plus un en-tête. La durée déclarée est comparée à celle du fichier quand on
sait la lire (WAV, Ogg) ; un fichier d'un autre format n'est jugé que sur sa taille.
"""

from __future__ import annotations

import wave
from pathlib import Path

# 24 kbit/s = 3 000 octets par seconde, plus les en-têtes du conteneur (Ogg, WebM).
BYTES_PER_SECOND = 3000
HEADER_BYTES = 4096
# Écart permis entre la durée déclarée (duree, en secondes) et celle du fichier.
DURATION_TOLERANCE = 1.0


def budget(duration: float) -> int:
    """The most bytes a recording of `duration` seconds may weigh."""
    return int(duration * BYTES_PER_SECOND) + HEADER_BYTES


def measured_duration(path: Path) -> float | None:
    """The file's duration in seconds, read from a WAV header or an Ogg stream's last granule position (Opus: 48 kHz); None when unknown."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".wav":
            with wave.open(str(path), "rb") as sound:
                return sound.getnframes() / sound.getframerate()
        if suffix in (".ogg", ".opus"):
            data = path.read_bytes()
            last = data.rfind(b"OggS")
            if last < 0 or len(data) < last + 14:
                return None
            granule = int.from_bytes(data[last + 6 : last + 14], "little")
            rate = 48000 if b"OpusHead" in data[:200] else None
            return granule / rate if rate else None
    except (OSError, EOFError, wave.Error, ZeroDivisionError):
        return None
    return None


def audio_problems(path: Path, duration: float) -> list[tuple[str, str, str, str]]:
    """(field, what is wrong, what is expected, example) for a recording's size and duration."""
    problems = []
    size = path.stat().st_size
    if size > budget(duration):
        problems.append(
            (
                "audio.fichier",
                f"le fichier pèse {size} octets, plus que le budget de {budget(duration)} octets pour {duration:g} secondes",
                f"au plus {BYTES_PER_SECOND // 1000} Ko par seconde (voix en Opus à 24 kbit/s, .ogg ou .webm), plus {HEADER_BYTES} octets d'en-tête",
                "réenregistrer avec la page « Enregistrer une fiche » (enregistrer/), ou : ffmpeg -i voix.wav -c:a libopus -b:a 24k voix.ogg",
            )
        )
    measured = measured_duration(path)
    if measured is not None and abs(measured - duration) > DURATION_TOLERANCE:
        problems.append(
            (
                "audio.duree",
                f"la durée déclarée ({duration:g} s) ne correspond pas au fichier ({measured:.1f} s)",
                "la durée du fichier en secondes",
                f"duree: {max(1, round(measured))}",
            )
        )
    return problems
