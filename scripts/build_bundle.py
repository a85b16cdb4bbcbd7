"""Build the browser bundle: validated rules.json + the checker as a pure-Python wheel.

    python scripts/build_bundle.py --out build/bundle
"""
import sys

from sitebuild.postbuild.bundle import main

if __name__ == "__main__":
    sys.exit(main())
