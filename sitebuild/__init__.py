"""Build code of the site, never shipped: MkDocs hooks, page markers, the checker page, PDFs, post-build steps.

    hooks.py          MkDocs entry point (mkdocs.yml `hooks:`): markers on each page, post-build steps;
                      the only module that imports MkDocs
    website.py        the site: public address, pages' addresses, build day, rules (once per build), Page
    markers.py        the one table of `<!-- rules:NAME -->` markers, and their expansion
    render.py         the one Jinja2 environment (templates/)
    pages.py          markers of the information pages (documents, steps, sources, glossary…)
    checker_page.py   the checker form marker (verifier/)
    guides_page.py    which PDFs exist, and the guides page's marker that lists them
    pdfs.py           the PDFs (WeasyPrint) and their QR codes
    postbuild/        steps run once both languages are built: Pyodide copy, checker bundle, minify,
                      Content-Security-Policy, service worker
    templates/ data/  Jinja templates; the page and print words (TOML)

Imports go one way: hooks → postbuild → pdfs → markers → pages / checker_page / guides_page → render,
icons… → website → checker (tests/structure/test_imports.py, BUILD_LAYERS).
Nothing here registers itself on import; `checker` never imports `sitebuild`.
"""
