"""Dans le navigateur : le lecteur d'un enregistrement ne charge rien avant un geste, et la page « Enregistrer une
fiche » enregistre au micro (un micro simulé par Chromium), fait réécouter et donne un fichier à télécharger."""

from __future__ import annotations

import contextlib
import math
import shutil
import wave
from pathlib import Path

import pytest

from guide.donnees.paths import ROOT
from support import CHROMIUM, CHROMIUM_ARGS, serve

pytestmark = pytest.mark.browser

# Ce que overrides/pages/service.jinja.md écrit pour un enregistrement (test_languages.py vérifie ce balisage sur un site construit).
FIGURE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Fiche</title></head><body>
<figure class="guide-audio">
<figcaption><a class="guide-bouton" href="/audio/swb/service-a.wav" data-guide-audio data-texte-non-lu="Non lu">Écouter</a></figcaption>
<details><summary>Transcription</summary><p lang="fr" dir="ltr">Un son de test.</p></details>
</figure>
<script src="/assets/audio.js"></script>
</body></html>"""


def _tone(path: Path) -> None:
    """A real WAV tone (1 s, 440 Hz) generated for the test, never kept in docs/ or data/."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(bytes(128 + int(100 * math.sin(2 * math.pi * 440 * i / 8000)) for i in range(8000)))


def test_le_lecteur_ne_charge_rien_avant_un_geste(tmp_path, browser):
    (tmp_path / "assets").mkdir()
    shutil.copy(ROOT / "docs" / "assets" / "audio.js", tmp_path / "assets" / "audio.js")
    _tone(tmp_path / "audio" / "swb" / "service-a.wav")
    (tmp_path / "index.html").write_text(FIGURE, encoding="utf-8")
    with serve(tmp_path) as url:
        page = browser.new_page()
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        assert not [u for u in asked if u.endswith(".wav")], "le fichier audio est demandé avant le geste"
        assert page.locator("audio").count() == 0
        page.get_by_role("link", name="Écouter").click()
        page.wait_for_function("document.querySelector('audio') !== null")
        page.wait_for_timeout(500)
        assert page.locator("audio").evaluate("a => [a.preload, a.controls, a.autoplay]") == ["none", True, False]
        assert [u for u in asked if u.endswith("/audio/swb/service-a.wav")], "le toucher charge le fichier"
        page.close()


def test_la_page_d_enregistrement_enregistre_et_donne_le_fichier(server, tmp_path, playwright_driver):
    fake = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
    with contextlib.nullcontext(playwright_driver) as playwright:  # the worker's Playwright: a second one cannot start
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + fake)
        context = chromium.new_context(accept_downloads=True)
        context.grant_permissions(["microphone"])
        page = context.new_page()
        outside: list[str] = []
        page.on("request", lambda request: outside.append(request.url) if not request.url.startswith((server, "blob:", "data:")) else None)
        page.goto(server + "enregistrer/")
        page.fill("#enregistrer-fiche", "service-a")
        page.fill("#enregistrer-par", "médiatrice")
        page.get_by_role("button", name="Enregistrer").click()
        page.wait_for_timeout(1500)
        page.get_by_role("button", name="Arrêter").click()
        page.wait_for_selector("[data-resultat]:not([hidden])")
        assert page.locator("[data-reecoute]").evaluate("a => a.src.startsWith('blob:')")
        yaml_lines = page.locator("[data-yaml]").inner_text()
        assert "fichier: audio/swb/audio-service-a-swb.webm" in yaml_lines and "duree: " in yaml_lines
        with page.expect_download() as download:
            page.locator("[data-telecharger]").click()
        assert download.value.suggested_filename == "audio-service-a-swb.webm"
        saved = tmp_path / "voix.webm"
        download.value.save_as(saved)
        assert saved.stat().st_size > 100
        assert outside == [], "la page n'envoie rien à un tiers"
        chromium.close()
