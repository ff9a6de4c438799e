"""The spec subsystem: the only reader of OpenAPI documents.

Files are read (`reading`), `$ref`s resolved (`refs`), 3.0 rewritten to 3.1 (`normalising`),
documents sharing an API name merged (`merging`), overlays applied (`overlays`), and the result
indexed into the `Api`/`Operation` model (`operations`, `task_protocol`, `error_style`).
"""

from mock.spec.errors import SpecError
from mock.spec.loading import load_apis

__all__ = ["SpecError", "load_apis"]
