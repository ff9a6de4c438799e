"""What every differential test of a fast path against openapi-core shares: how hard hypothesis tries.

`DIFFERENTIAL_EXAMPLES` raises the examples per operation for a longer hunt (the suite runs 40).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

DIFFERENTIAL = settings(
    max_examples=int(os.environ.get("DIFFERENTIAL_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
