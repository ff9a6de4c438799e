"""The exit codes of every `specmock` command, in one table (README "Exit codes", docs/ci.md).

- 0: done; the server stopped cleanly, a listing or check passed, the contract holds.
- 1: the command ran and found failures (`specmock contract`).
- 2: usage or input error: bad arguments, a spec or scenario file that cannot be used (one line,
  `file: place: problem`), a setting that breaks a scenario, a base URL that does not answer.
- 3: `serve` cannot listen on --host/--port (in use, not permitted, no such address), said before anything is served.
- 130: interrupted (Ctrl-C during `specmock contract`), as shells report a SIGINT.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_USAGE = 2
EXIT_CANNOT_LISTEN = 3
EXIT_INTERRUPTED = 130
