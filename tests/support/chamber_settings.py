"""A filled chamber.toml for tests: obviously a test's (a .invalid map link, a 05 00 00 00 01 number that
names no chamber), never real details (the committed chamber.toml stays empty; README, Deploy)."""
from __future__ import annotations

from pathlib import Path

TEST_CHAMBER = {
    "name": {"ar": "غرفة الاختبار للصناعة التقليدية", "fr": "Chambre d'artisanat de test"},
    "address": {"ar": "شارع الاختبار، رقم 1", "fr": "1, rue du Test"},
    "hours": {"ar": "من الاثنين إلى الجمعة", "fr": "Du lundi au vendredi"},
    "phone": "05 00 00 00 01",
    "map": "https://maps.test.invalid/chambre",
}


def write_settings(path: Path) -> Path:
    """TEST_CHAMBER written as a chamber fills chamber.toml (for CHAMBER_FILE to name)."""
    lines = [f'{k} = {{ ar = "{v["ar"]}", fr = "{v["fr"]}" }}' if isinstance(v, dict) else f'{k} = "{v}"'
             for k, v in TEST_CHAMBER.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
