"""The printed guides, checklists and posters (PDF), without building the site.

    python scripts/build_guides.py --out DIR [--site-url URL]
"""
import sys

from sitebuild.pdfs import main

if __name__ == "__main__":
    sys.exit(main())
