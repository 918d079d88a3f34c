"""The `kith` plugin's options, as written under `plugins: - kith:` in mkdocs.yml.

Declared once, in `kith.core.settings.OPTIONS`: each becomes a MkDocs config option here that reads
its value with the same function the `kith` command uses, so both say the same about a bad value.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from ..core.settings import OPTIONS, Option, Settings, SettingsError


class CoreOption(BaseConfigOption[Any]):
    """A MkDocs config option whose value is read by the option's own `read`."""

    def __init__(self, option: Option) -> None:
        super().__init__()
        self.option = option
        self.default = option.default

    def run_validation(self, value: object) -> Any:
        try:
            return self.option.read(value)
        except SettingsError as error:
            raise ValidationError(str(error)) from None


class _Settings:
    def settings(self) -> Settings:
        """The options as kith's one settings object."""
        return Settings.of_read({option.name: self[option.name] for option in OPTIONS})  # type: ignore[index]


# One config option per entry of OPTIONS; MkDocs reads a config class's options when it is made.
KithConfig = type("KithConfig", (_Settings, Config), {option.name: CoreOption(option) for option in OPTIONS})
