"""The deploying chamber's own details (chamber.toml at the repository's top, filled by that chamber).

Every outcome of the checker, the pages' place markers, the checklists and the posters show them.
Not filled (the committed file): the region's chamber is named from docs/_data/contacts.toml with a
map search for its name, the build says so, and a release refuses (`check_release`).
"""
from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from checker.model import LANGS
from checker.web_pages import Chamber
from sitebuild import contacts

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "chamber.toml"
CONTACTS = ROOT / "docs" / "_data" / "contacts.toml"
FALLBACK_PLACE = "chambre_souss_massa"  # docs/_data/contacts.toml: named by a cited source, no address
FIELDS = ("name", "address", "hours", "phone", "map")
PHONE = re.compile(r"^\+?[0-9][0-9 .-]{5,18}[0-9]$")


class ChamberSettingsError(ValueError):
    """chamber.toml is filled wrongly (a missing line, an empty text, a bad number or link)."""


class ChamberNotSet(ValueError):
    """A release without the chamber's own details."""


def settings_path() -> Path:
    """chamber.toml, or the file CHAMBER_FILE names (a test's, or a chamber keeping it outside the checkout)."""
    return Path(os.environ.get("CHAMBER_FILE") or DEFAULT)


def tel(phone: str) -> str:
    """What the phone dials: digits only, a Moroccan 0… number in its international form."""
    digits = re.sub(r"[^0-9+]", "", phone)
    return "+212" + digits[1:] if digits.startswith("0") else digits


def read(path: Path | None = None) -> dict[str, Any]:
    """The settings as written (an empty dict when every line is commented out)."""
    path = path or settings_path()
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ChamberSettingsError(f"{path.name}: TOML syntax error: {exc}") from None


def validate(data: dict[str, Any], name: str = "chamber.toml") -> Chamber | None:
    """A filled Chamber, None when nothing is set; ChamberSettingsError names the line that is wrong."""
    if not data:
        return None
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ChamberSettingsError(f"{name}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(FIELDS)}")
    missing = [k for k in FIELDS if k not in data]
    if missing:
        raise ChamberSettingsError(f"{name}: missing {', '.join(missing)} (fill every line, or none)")
    for key in ("name", "address", "hours"):
        value = data[key]
        if not isinstance(value, dict) or any(not str(value.get(lang, "")).strip() for lang in LANGS):
            raise ChamberSettingsError(f"{name}: {key}: a text in each language ({', '.join(LANGS)}) is needed")
        if any("…" in str(v) for v in value.values()):
            raise ChamberSettingsError(f"{name}: {key}: still the example's «…»")
    if not isinstance(data["phone"], str) or not PHONE.match(data["phone"].strip()):
        raise ChamberSettingsError(f"{name}: phone: {data['phone']!r} is not a phone number")
    if not isinstance(data["map"], str) or not data["map"].startswith("https://"):
        raise ChamberSettingsError(f"{name}: map: expected an https:// link")
    return Chamber({l: data["name"][l] for l in LANGS}, data["map"], {l: data["address"][l] for l in LANGS},
                   {l: data["hours"][l] for l in LANGS}, data["phone"].strip(), tel(data["phone"]), True)


def fallback() -> Chamber:
    """No settings: the region's chamber by its cited name, found by a map search."""
    places = tomllib.loads(CONTACTS.read_text(encoding="utf-8"))["place"]
    place = next(p for p in places if p["id"] == FALLBACK_PLACE)
    return Chamber({l: place["name"][l] for l in LANGS}, contacts.map_href(place))


def current(path: Path | None = None) -> Chamber:
    """The chamber every output shows: the settings, or the fallback."""
    path = path or settings_path()
    return validate(read(path), path.name) or fallback()


def is_set(path: Path | None = None) -> bool:
    path = path or settings_path()
    return validate(read(path), path.name) is not None


def check_release(path: Path | None = None) -> None:
    """Raise ChamberNotSet unless the chamber's own details are filled in (a release hands out paper
    and pages that must say where to go and whom to call)."""
    path = path or settings_path()
    if not is_set(path):
        raise ChamberNotSet(
            f"release: {path.name} is not filled: no outcome, checklist or poster would give the chamber's "
            "address and phone; fill in its lines (README, Deploy) and run make release again")


def warn_if_unset(path: Path | None = None) -> None:
    """The build's line when the settings are empty (a specimen, as without SITE_URL)."""
    path = path or settings_path()
    if not is_set(path):
        print(f"CHAMBER: {path.name} is not filled, so the pages name the chamber with a map search for its "
              "name, and give no address or phone of it; fill it in before make release", file=sys.stderr)
