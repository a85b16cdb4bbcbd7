import sys

from .cli import main

# main() writes and flushes its own output: a closed or full stdout ends silently with status 2.
sys.exit(main())
