"""Reading built PDFs back with the real tools: poppler (pdfinfo, pdffonts, pdftotext, pdftoppm) and zbarimg."""
from __future__ import annotations

import functools
import re
import subprocess
import unicodedata
from pathlib import Path


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def info(pdf: Path) -> dict[str, str]:
    return dict(line.split(":", 1) for line in run("pdfinfo", str(pdf)).splitlines() if ":" in line)


def page_size(pdf: Path) -> tuple[float, float]:
    m = re.match(r"\s*([\d.]+) x ([\d.]+) pts", info(pdf)["Page size"])
    return float(m.group(1)), float(m.group(2))


def fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts rows as dicts (name, emb, …)."""
    lines = run("pdffonts", str(pdf)).splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type… encoding emb sub uni object ID: the last five columns are fixed
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


@functools.cache
def text(pdf: Path) -> str:
    return run("pdftotext", "-enc", "UTF-8", str(pdf), "-")


def words(s: str) -> str:
    """Text reduced to its words in reading order, to compare what we wrote with what pdftotext reads.

    pdftotext wraps right-to-left runs in bidi controls (Cf), may give presentation forms (NFKC folds
    them) and moves Arabic vowel marks around (dropped on both sides); line breaks and punctuation
    placement around direction changes are not what this compares. A direction change inside a word
    («و47.23»: an Arabic letter, then digits) is a word break on both sides: pdftotext cuts the word
    there with bidi controls («و‪47.23‬»), so whether the letter touches the number is not compared.
    """
    s = unicodedata.normalize("NFKC", s)
    out = []
    for ch in s:
        cat = unicodedata.category(ch)
        if cat == "Mn" or ch == "\u0640":  # vowel marks, tatweel
            continue
        if out and cat[0] in "LN" and _right_to_left(out[-1]) != _right_to_left(ch):
            out.append(" ")
        out.append(ch if cat[0] in "LN" else " ")
    return " ".join("".join(out).split())


def _right_to_left(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


@functools.cache
def first_page_png(pdf: Path, out_dir: Path, dpi: int = 150) -> Path:
    """First page rendered by poppler (also kept as a test artefact to look at)."""
    out_dir.mkdir(exist_ok=True)
    prefix = out_dir / f"pdf-{pdf.stem}"
    run("pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix))
    return prefix.with_suffix(".png")


def qr_codes(png: Path) -> list[str]:
    proc = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
    return [line for line in proc.stdout.splitlines() if line]
