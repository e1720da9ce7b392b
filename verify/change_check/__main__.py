"""`python -m verify.change_check` (what the pipeline's ProdChangeCheck step runs)."""

import sys

from verify.change_check.cli import main

sys.exit(main())
