"""Les enregistrements audio des fiches : budget de taille (3 Ko par seconde, voix en Opus à 24 kbit/s) et durée
vérifiés par guide check. Les sons sont des tons générés pendant le test, jamais rangés dans docs/ ni data/."""

from __future__ import annotations

import math
import shutil
import struct
import wave
from pathlib import Path

import pytest

from guide.langues.audio import budget, measured_duration
from guide.validate import validate
from support import FIXTURES, TODAY

pytestmark = pytest.mark.unit


def write_tone(path: Path, seconds: float, rate: int = 8000, width: int = 2) -> None:
    """A real WAV tone (440 Hz) of `seconds`, generated for the test."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = int(seconds * rate)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(width)
        out.setframerate(rate)
        if width == 2:
            out.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate))) for i in range(frames)))
        else:
            out.writeframes(bytes(128 + int(100 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(frames)))


def _check(tmp_path: Path, declared: float):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES, data)
    shutil.move(str(data / "minimal.yaml"), str(data / "schemes.yaml"))
    (data / "translations" / "swb.yaml").write_text(
        "services:\n  service-a:\n    audio:\n      fichier: audio/swb/service-a.wav\n      statut: brouillon\n      par: médiatrice\n"
        f"      duree: {declared}\n      consentement: accord écrit de test\n      transcription: Un son de test.\n",
        encoding="utf-8",
    )
    return validate(data / "schemes.yaml", on=TODAY)


def test_un_enregistrement_dans_le_budget_passe(tmp_path):
    write_tone(tmp_path / "docs" / "audio" / "swb" / "service-a.wav", 2, rate=2000, width=1)  # 2 000 octets par seconde
    assert [p.format() for p in _check(tmp_path, 2).errors] == []


def test_un_enregistrement_trop_lourd_est_une_erreur(tmp_path):
    write_tone(tmp_path / "docs" / "audio" / "swb" / "service-a.wav", 2)  # 16 000 octets par seconde
    errors = _check(tmp_path, 2).errors
    assert [(p.record_id, p.field) for p in errors] == [("service-a", "audio.fichier")]
    assert f"plus que le budget de {budget(2)} octets" in errors[0].message
    assert "24 kbit/s" in errors[0].format()


def test_une_duree_qui_ne_correspond_pas_au_fichier_est_une_erreur(tmp_path):
    write_tone(tmp_path / "docs" / "audio" / "swb" / "service-a.wav", 1, rate=2000, width=1)
    errors = _check(tmp_path, 5).errors
    assert [(p.record_id, p.field) for p in errors] == [("service-a", "audio.duree")]
    assert "duree: 1" in errors[0].format()


def test_la_duree_d_un_flux_ogg_opus_se_lit_dans_sa_derniere_page(tmp_path):
    head = b"OggS" + bytes(2) + (0).to_bytes(8, "little") + bytes(14) + b"OpusHead" + bytes(11)
    last = b"OggS" + bytes(2) + (48000 * 3).to_bytes(8, "little") + bytes(14)
    (tmp_path / "voix.ogg").write_bytes(head + last)
    assert measured_duration(tmp_path / "voix.ogg") == 3
    assert measured_duration(tmp_path / "inconnu.webm") is None


def test_il_manque_la_duree_le_consentement_ou_la_transcription(tmp_path):
    write_tone(tmp_path / "docs" / "audio" / "swb" / "service-a.wav", 1, rate=2000, width=1)
    data = tmp_path / "data"
    shutil.copytree(FIXTURES, data)
    shutil.move(str(data / "minimal.yaml"), str(data / "schemes.yaml"))
    (data / "translations" / "swb.yaml").write_text(
        "services:\n  service-a:\n    audio:\n      fichier: audio/swb/service-a.wav\n      statut: brouillon\n      par: médiatrice\n", encoding="utf-8"
    )
    messages = " ".join(p.format() for p in validate(data / "schemes.yaml", on=TODAY).errors)
    for field in ("duree", "consentement", "transcription"):
        assert field in messages
