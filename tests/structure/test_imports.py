"""The code's shape: imports go one way (no circle), the checker knows nothing of the build, and the
build code is a plain package (no sys.path edits, no marker registering itself on import)."""
from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PACKAGES = ("checker", "sitebuild")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))
            if "__pycache__" not in p.parts}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Project modules `name` imports, anywhere in the file (a function-level import counts too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                found.add(t)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(name, path, set(mods)) for name, path in mods.items()}


def test_the_graph_sees_the_imports():
    g = graph()
    assert "checker.engine" in g["checker.cli"] and "sitebuild.markers" in g["sitebuild.hooks"]


def test_no_import_circle():
    g = graph()
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(g[node]):
            if nxt.startswith(node + "."):
                continue  # a package importing its own submodule is not a circle
            if state.get(nxt) == 1:
                circles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for name in sorted(g):
        if name not in state:
            visit(name, [name])
    assert not circles, "import circles: " + "; ".join(" → ".join(c) for c in circles)


def test_checker_imports_nothing_from_the_build():
    bad = {m: sorted(i for i in deps if i.split(".")[0] == "sitebuild")
           for m, deps in graph().items() if m.split(".")[0] == "checker"}
    assert not {m: d for m, d in bad.items() if d}


def test_the_engine_knows_nothing_of_its_callers():
    """Only the entry points (CLI, browser glue) import the engine; the engine's modules never import them."""
    entry_points = {"checker.browser", "checker.cli", "checker.__main__"}
    g = graph()
    bad = {m: sorted(deps & entry_points) for m, deps in g.items()
           if m.split(".")[0] == "checker" and m not in entry_points and deps & entry_points}
    assert not bad


def test_build_code_never_edits_sys_path():
    offenders = [str(p.relative_to(ROOT)) for p in (*ROOT.glob("sitebuild/**/*.py"), *ROOT.glob("scripts/*.py"),
                                                   *ROOT.glob("checker/*.py"))
                 if "sys.path" in p.read_text(encoding="utf-8")]
    assert not offenders


def test_markers_are_one_explicit_table():
    """No module adds itself to the table on import: the table in markers.py is the whole list."""
    from sitebuild import markers
    writers = [str(p.relative_to(ROOT)) for p in ROOT.glob("sitebuild/**/*.py")
               if "MARKERS[" in p.read_text(encoding="utf-8") or "MARKERS.update" in p.read_text(encoding="utf-8")]
    assert writers == ["sitebuild/markers.py"]  # the lookup in marker() only
    tree = ast.parse((ROOT / "sitebuild" / "markers.py").read_text(encoding="utf-8"))
    table = next(n for n in tree.body if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "MARKERS")
    assert isinstance(table.value, ast.Dict) and len(table.value.keys) == len(markers.MARKERS)


def test_hook_folder_shadows_no_other_module():
    """MkDocs puts sitebuild/ on sys.path while it loads hooks.py: no module there may hide a library."""
    names = [p.stem for p in (ROOT / "sitebuild").glob("*.py") if p.stem != "__init__"]
    names += [p.name for p in (ROOT / "sitebuild").iterdir() if p.is_dir() and p.name != "__pycache__"]
    here = [p for p in sys.path if Path(p or ".").resolve() == (ROOT / "sitebuild").resolve()]
    assert not here
    assert not [n for n in names if n in sys.stdlib_module_names or importlib.util.find_spec(n) is not None]


# The build package in layers: a module imports only from layers above its own (a marker never
# reaches a build step; a step never reaches the markers or the PDFs, it works on the built HTML).
BUILD_LAYERS = (
    ("sitebuild.website",),  # the site: address, pages' addresses, build day, rules, languages, Page
    ("sitebuild.release", "sitebuild.render", "sitebuild.icons", "sitebuild.contacts", "sitebuild.voice",
     "sitebuild.codes", "sitebuild.source_watch", "sitebuild.chamber"),
    ("sitebuild.pages", "sitebuild.checker_page", "sitebuild.guides_page", "sitebuild.credits"),  # marker content
    ("sitebuild.markers",),  # the one table
    ("sitebuild.pdfs",),  # expands markers on paper
    ("sitebuild.postbuild",),  # every post-build step (and its siblings): built HTML in, files out
    ("sitebuild.hooks",),  # the MkDocs entry point: imported by nobody
)


def build_layer(module: str) -> int:
    for rank, layer in enumerate(BUILD_LAYERS):
        if any(module == m or module.startswith(m + ".") for m in layer):
            return rank
    raise AssertionError(f"{module}: in no layer of BUILD_LAYERS (add it where it belongs)")


def test_every_build_module_has_a_layer():
    for name in modules():
        if name.startswith("sitebuild."):
            build_layer(name)


def test_the_build_imports_go_one_way():
    """A module may import its own layer's siblings only inside postbuild (steps share helpers);
    anywhere else only layers above."""
    bad = []
    for name, deps in graph().items():
        if not name.startswith("sitebuild."):
            continue
        for dep in deps:
            if dep == "sitebuild" or not dep.startswith("sitebuild."):
                continue
            mine, theirs = build_layer(name), build_layer(dep)
            same_ok = BUILD_LAYERS[mine] in (("sitebuild.postbuild",), BUILD_LAYERS[1], BUILD_LAYERS[2])
            if theirs > mine or (theirs == mine and not same_ok):
                bad.append(f"{name} → {dep}")
    assert not bad, "imports against the build's layers: " + "; ".join(sorted(bad))


def test_post_build_steps_do_not_need_the_pdfs():
    """An address, the build day or the rules come from sitebuild.website, never through the PDF module."""
    g = graph()
    bad = {m: sorted(d for d in deps if d in {"sitebuild.pdfs", "sitebuild.markers", "sitebuild.pages"})
           for m, deps in g.items() if m.startswith("sitebuild.postbuild")}
    assert not {m: d for m, d in bad.items() if d}


def test_only_the_hooks_know_mkdocs():
    """Everything MkDocs-specific is in hooks.py: the rest works on Markdown, TOML and built HTML, and
    would serve another generator reading the same mkdocs.yml."""
    knowing = sorted(m for m, p in modules().items()
                     if any(isinstance(n, (ast.Import, ast.ImportFrom)) and
                            any(x.split(".")[0] == "mkdocs" for x in ([a.name for a in n.names] if isinstance(n, ast.Import)
                                                                       else [n.module or ""]))
                            for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))))
    assert knowing == ["sitebuild.hooks"]


def test_one_language_table():
    """Directions and roots come from checker.model.LANGUAGES: no `lang == "ar"` test nor a second
    list of languages in the code."""
    pattern = __import__("re").compile(r"""==\s*["'](ar|fr)["']|\(\s*["']ar["']\s*,\s*["']fr["']\s*\)|\{\s*["']ar["']\s*:""")
    offenders = [f"{p.relative_to(ROOT)}:{i}" for p in (*ROOT.glob("checker/*.py"), *ROOT.glob("sitebuild/**/*.py"),
                                                        *ROOT.glob("scripts/*.py"))
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line) and "LANGUAGES = " not in line]
    assert offenders == []


def test_the_language_table_is_mkdocs_yml_s():
    """mkdocs.yml's languages (order, default, direction) are the table's: the theme builds what the code
    addresses; and every language has its name among the words."""
    from checker.words import word
    from checker.model import LANGUAGES
    from sitebuild.website import mkdocs_config
    config = mkdocs_config()
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    listed = [(lang["locale"], lang.get("theme", {}).get("direction", config["theme"].get("direction")),
               bool(lang.get("default"))) for lang in i18n["languages"]]
    assert listed == [(code, la.dir, la.root == "") for code, la in LANGUAGES.items()]
    assert [lang["name"] for lang in i18n["languages"]] == [word(f"lang_name_{code}", "fr") for code in LANGUAGES]
