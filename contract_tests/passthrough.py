"""schemathesis' own options and configuration file, without re-wrapping them one by one.

Arguments `specmock contract` does not know are parsed by schemathesis' `st run` command itself (so
every option it has, with its own validation and help, works here), and only the ones actually given
are applied on top of our configuration. `schemathesis.toml` is found the way `st run` finds it (this
directory and its parents, up to a git root) or named with `--config-file`. Report options
(`--report junit,har,vcr`, `--report-junit-path`, ...) feed schemathesis' own report writers with the
same engine events our summary is built from.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource
from schemathesis.config import SchemathesisConfig


class PassthroughError(Exception):
    """A schemathesis option was refused; the message is one line."""


def _run_command() -> click.Command:
    from schemathesis.cli.commands import schemathesis as st

    command = st.commands["run"]
    return command


def _find_config_file(start: Path) -> Path | None:
    """Like `SchemathesisConfig.discover()`: schemathesis.toml here or in a parent, stopping at a git root."""
    current = start.resolve()
    while True:
        candidate = current / "schemathesis.toml"
        if candidate.is_file():
            return candidate
        if (current / ".git").exists() or current.parent == current:
            return None
        current = current.parent


def load_config_file(path: Path | None, *, cwd: Path | None = None) -> tuple[Path | None, dict[str, Any]]:
    """The schemathesis.toml in force (given, or discovered from `cwd`) and its settings."""
    found = path if path is not None else _find_config_file(cwd or Path.cwd())
    if found is None:
        return None, {}
    try:
        data = tomllib.loads(found.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PassthroughError(f"{found}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PassthroughError(f"{found}: not valid TOML: {exc}") from None
    try:
        SchemathesisConfig.from_dict(data)
    except Exception as exc:  # schemathesis' ConfigError and friends: say which file is wrong
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PassthroughError(f"{found}: {first}") from None
    return found, data


@dataclass
class Passthrough:
    """The schemathesis options given on our command line, parsed by `st run`'s own parser."""

    args: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    given: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, args: list[str]) -> Passthrough:
        if not args:
            return cls()
        command = _run_command()
        try:
            # LOCATION is ours (the spec); a placeholder satisfies st's parser.
            ctx = command.make_context(
                "specmock contract", ["http://127.0.0.1/openapi.json", *args], resilient_parsing=False
            )
        except click.UsageError as exc:
            raise PassthroughError(exc.format_message()) from None
        except click.exceptions.Exit as exc:  # --help of st run
            raise SystemExit(exc.exit_code) from None
        given = {
            name
            for name in ctx.params
            if name != "location" and ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE
        }
        return cls(args=list(args), params=dict(ctx.params), given=given)

    def _given(self, *names: str) -> dict[str, Any]:
        return {name: self.params[name] for name in names if name in self.given}

    def apply(self, config: SchemathesisConfig) -> None:
        """Apply the given options the way `st run` does, leaving every other setting alone."""
        if not self.given:
            return
        from schemathesis.cli.commands._options import apply_report_options

        top = self._given("suppress_health_check", "wait_for_schema", "max_failures", "max_time")
        top.setdefault("max_failures", None)
        if "generation_seed" in self.given:
            top["seed"] = self.params["generation_seed"]
        if top:
            config.update(**top)
        if "output_truncate" in self.given:
            config.output.truncation.update(enabled=self.params["output_truncate"])
        if any(name.startswith("report_") for name in self.given):
            apply_report_options(config.reports, self.params)
        project = config.projects.override
        renames = {
            "auth": "basic_auth",
            "request_tls_verify": "tls_verify",
            "request_proxy": "proxy",
        }
        project_names = (
            "base_url",
            "workers",
            "continue_on_failure",
            "rate_limit",
            "max_redirects",
            "request_timeout",
            "request_retries",
            "request_cert",
            "request_cert_key",
            *renames,
        )
        project_kwargs = {renames.get(name, name): value for name, value in self._given(*project_names).items()}
        if "headers" in self.given and self.params["headers"]:
            project_kwargs["headers"] = dict(self.params["headers"])
        if project_kwargs:
            project.update(**project_kwargs)
        if "phases" in self.given:
            project.phases.update(phases=self.params["phases"])
        checks = self._given("included_check_names", "excluded_check_names", "max_response_time")
        if checks:
            project.checks.update(**checks)
        generation = {
            name.removeprefix("generation_"): value
            for name, value in self._given(
                "generation_modes",
                "generation_max_examples",
                "generation_no_shrink",
                "generation_maximize",
                "generation_deterministic",
                "generation_database",
                "generation_unique_inputs",
                "generation_allow_x00",
                "generation_with_security_parameters",
                "generation_codec",
            ).items()
        }
        if generation:
            project.generation.update(**generation)

    def filter_set(self) -> dict[str, Any] | None:
        """Operation filters given (`--include-tag`, `--exclude-path-regex`, ...), as `create_filter_set` kwargs."""
        if not any(name.startswith(("include_", "exclude_")) for name in self.given):
            return None
        from schemathesis.cli.commands._options import build_filter_set

        return dict(build_filter_set(self.params))

    def report_sink(self, config: Any) -> ReportSink | None:
        """Writers for the reports asked for; `config` is the project config the run uses."""
        if not any(name.startswith("report_") for name in self.given):
            return None
        return ReportSink(config=config, params=self.params, args=self.args)


@dataclass
class ReportSink:
    """schemathesis' report writers (JUnit, HAR, VCR, NDJSON, ...) fed with our run's engine events."""

    config: Any
    params: dict[str, Any]
    args: list[str]
    handlers: list[Any] = field(default_factory=list)
    ctx: Any = None

    def start(self) -> None:
        from schemathesis.cli.commands.run.context import ExecutionContext
        from schemathesis.cli.executor import initialize_report_handlers

        self.handlers = initialize_report_handlers(config=self.config, args=[], params=self.params)
        self.ctx = ExecutionContext(config=self.config)
        for handler in self.handlers:
            handler.start(self.ctx)

    def on_event(self, event: Any) -> None:
        self.ctx.on_event(event)
        for handler in self.handlers:
            handler.handle_event(self.ctx, event)

    def finish(self) -> list[Path]:
        from schemathesis.config import ReportFormat

        for handler in self.handlers:
            handler.shutdown(self.ctx)
        written = []
        for report_format in ReportFormat:
            if self.config.reports.get(report_format).enabled:
                written.append(Path(self.config.reports.get_path(report_format)))
        return written
