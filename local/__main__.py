"""`python -m local run|reset`: see local/cli.py.

Kept import-free at module level: handler workers start with the spawn method, which re-imports the
parent's main module in every worker.
"""

import sys

if __name__ == "__main__":
    from local.cli import main

    sys.exit(main())
