"""The service stage: one construct per concern, composed by one stack, wrapped by one Stage.

The stack and the function share names (routes, environment variables, metrics) through `items_api.names`, under the
import name Lambda uses: the bundle's root is runtime/, so runtime/ joins the import path here, once, for every
importer of the stages (the app, the tests, the benches). `runtime.items_api` is never imported: two names for one
module would be two module objects (tests/unit/test_architecture.py).
"""

import sys

from configuration.paths import RUNTIME_DIR

if str(RUNTIME_DIR) not in sys.path:
    sys.path.append(str(RUNTIME_DIR))
