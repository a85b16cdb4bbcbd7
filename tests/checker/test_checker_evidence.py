"""The project carries its own evidence: sources are checkable from the repository alone, and no
tracked or shipped file points to research notes, design notes or machine paths outside it."""
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

import checker
from checker_testlib import IN_PYODIDE

ROOT = Path(__file__).resolve().parent.parent.parent
HERE = Path(__file__).resolve().relative_to(ROOT).as_posix() if not IN_PYODIDE else ""

# What points outside the repository: machine paths, the research and design notes, the rows of
# those notes ("A12", "F2-L5") cited as evidence.
OUTSIDE = re.compile(
    r"/(?:work|tmp)/|\bfacts(?:-[23])?[.]md\b|\b(?:architecture|toolchain)\.md\b|language-2026-11"
    r"|shared/(?:domain|design|review)|\bF2-[A-Z]\d|\brows\s*=\s*\[\s*\"|\"rows\"\s*:")
# Files that must show such a reference on purpose. None now: the refused-rows fixture is a patch in
# tests/checker/broken_rules.toml, whose escaped quotes (rows = [\"A11\"]) do not read as a reference.
ON_PURPOSE: set[str] = set()
# Files still to be cleaned by another branch. Each must still hold a reference: once cleaned,
# remove it from this set (the last test says so). The pages' facts and glossary are clean now.
PENDING_ELSEWHERE: set[str] = set()


def outside_references(text: str) -> list[str]:
    return sorted({m.group(0) for m in OUTSIDE.finditer(text)})


def test_the_detector_finds_what_it_must():
    assert outside_references('source = { ref = "x", rows = ["A12"] }') == ['rows = ["']
    # The sample path is written in pieces so that the repository itself never names it.
    sample = "see " + "/".join(["", "work", "shared", "domain", "facts" + ".md"]) + " row F2-L5"
    assert outside_references(sample) == ["/" + "work/", "F2-L5", "facts" + ".md", "shared/domain"]
    assert outside_references('{"id": "x", "rows": ["B3"]}') == ['"rows":']
    assert outside_references("rows = []  # a table's rows") == []
    assert outside_references("Q4 of the RNA FAQ; décret 2.21.991") == []


@pytest.mark.process
@pytest.mark.skipif(IN_PYODIDE, reason="git runs on the host")
def test_no_tracked_file_points_outside_the_repository():
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    found = {}
    for name in filter(None, files.decode().split("\0")):
        if name in ON_PURPOSE | PENDING_ELSEWHERE or name == HERE or name.endswith("package-lock.json"):
            continue
        path = ROOT / name
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary (images, fonts)
        hits = outside_references(text)
        if hits:
            found[name] = hits
    assert not found, f"references to files outside the repository: {found}"


@pytest.mark.skipif(IN_PYODIDE, reason="git runs on the host")
def test_files_pending_elsewhere_are_still_pending():
    # A test that cannot fail is a defect: once a pending file is clean, drop it from the set.
    for name in sorted(PENDING_ELSEWHERE | ON_PURPOSE):
        assert outside_references((ROOT / name).read_text(encoding="utf-8")), f"{name} is clean: unlist it"


@pytest.mark.skipif(IN_PYODIDE, reason="the pages' data stay on the host")
def test_pages_sources_carry_the_same_evidence(rules):
    import tomllib
    from checker.schema import page_sources
    data = tomllib.loads((ROOT / "docs" / "_data" / "sources.toml").read_text(encoding="utf-8"))
    checked = page_sources("sources.toml", data)
    assert len(checked) == len(data["source"]) >= 10
    assert not {s.id for s, _ in checked} & {s.id for s in rules.sources}, "an id in both sources files"
    for s, verified in checked:
        assert s.quote and (s.date or s.accessed) and verified


def test_a_pages_source_without_quote_or_date_is_refused():
    from checker.schema import page_sources
    ok = {"id": "x", "title": {"ar": "ع", "fr": "t"}, "confidence": "press", "outlet": "o", "date": "2024-01-03",
          "quote": "q", "quote_lang": "fr", "verified": "2026-11-29"}
    page_sources("s.toml", {"source": [ok]})
    for key in ("quote", "date"):
        with pytest.raises(checker.RulesError, match=f"key '{key}': missing key"):
            page_sources("s.toml", {"source": [{k: v for k, v in ok.items() if k != key}]})
    with pytest.raises(checker.RulesError, match="key 'rows': unknown key"):
        page_sources("s.toml", {"source": [dict(ok, rows=["B3"])]})


def test_shipped_rules_json_points_nowhere_outside(rules):
    assert outside_references(checker.rules_to_json(rules)) == []


@pytest.mark.skipif(IN_PYODIDE, reason="build step runs on the host")
def test_shipped_wheel_points_nowhere_outside(tmp_path):
    from sitebuild.postbuild import bundle
    wheel = bundle.build_wheel(tmp_path)
    found = {}
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            hits = outside_references(z.read(name).decode("utf-8", errors="replace"))
            if hits:
                found[name] = hits
    assert not found, found


def test_every_cited_source_is_quoted_and_dated(rules):
    cited = set()
    for group in (rules.rules, rules.documents, rules.steps, rules.notes):
        for item in group:
            cited |= set(item.source.ids())
    for a in rules.amounts:
        for v in a.values:
            cited |= set(v.source.ids())
    for s in (rules.get(i) for i in cited):
        assert s.quote and (s.date or s.accessed), s.id


# Figures: every figure a rule, document, step or note shows is found in a source it cites.
NUMBER_WORDS = {"trois": "3", "douze": "12", "dix": "10", "trente": "30"}


def _figures(text: str) -> set[str]:
    t = re.sub(r"(\d)[.\u00a0\u202f ](\d{3})\b", r"\1\2", text)  # 440.000 / 440 000 -> 440000
    t = t.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    t = re.sub(r"(\d+)\s*ألف", lambda m: str(int(m.group(1)) * 1000), t)
    out = set(re.findall(r"(?<![\w.])\d+(?:[.,\-]\d+)*(?![\w])", t))
    return {re.sub(r"[,\-]", ".", f) for f in out}


def _source_figures(src) -> set[str]:
    words = src.quote.lower()
    out = _figures(" ".join(filter(None, (src.quote, src.title.fr, src.title.ar, src.number or "", src.url or ""))))
    out |= {digit for word, digit in NUMBER_WORDS.items() if re.search(rf"\b{word}\b", words)}
    for d in (src.date, src.accessed):
        if d:
            out |= {str(d.day), str(d.month), str(d.year)}
    return out


def _shown(item) -> str:
    parts = []
    for attr in ("label", "text", "where"):
        t = getattr(item, attr, None)
        if t is not None:
            parts += [t.fr, t.ar]
    return " ".join(parts)


def test_every_figure_traces_to_a_source_it_cites(rules):
    missing = {}
    for group in (rules.rules, rules.documents, rules.steps, rules.notes):
        for item in group:
            backed = set().union(*(_source_figures(rules.get(i)) for i in item.source.ids()))
            lost = _figures(_shown(item)) - backed
            if lost:
                missing[item.id] = sorted(lost)
    assert not missing, f"figures with no cited source behind them: {missing}"


def test_an_unbacked_figure_is_caught(rules):
    note = rules.get("note_delai_droits")
    backed = set().union(*(_source_figures(rules.get(i)) for i in note.source.ids()))
    assert "3" in backed and "1" not in _figures("3 mois") and _figures("un mois, 147 DH") - backed == {"147"}


def test_every_duration_is_said_by_a_source_it_cites(rules):
    """A [[duration]] or a [[limit]] is a figure too: its value is in the quote, title or number of a
    source it cites."""
    assert rules.durations and rules.limits
    unbacked = {d.id: d.value for d in rules.durations + rules.limits
                if str(int(d.value) if float(d.value).is_integer() else d.value)
                not in set().union(*(_source_figures(rules.get(i)) for i in d.source.ids()))}
    assert not unbacked, f"durations with no cited source behind them: {unbacked}"
