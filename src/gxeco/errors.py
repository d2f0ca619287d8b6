"""The one error type for everything a user can cause."""

from __future__ import annotations

NOT_FOUND = 1
USAGE = 2


class GxecoError(Exception):
    """A problem caused by user input or user-supplied data.

    Carries its own exit code so the CLI edge can turn it into output without
    knowing where it came from: 1 for not found / ambiguous / no results,
    2 for usage or data errors.
    """

    def __init__(self, message: str, code: int = USAGE, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class NotFound(GxecoError):
    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, NOT_FOUND, hint=hint)


class DataError(GxecoError):
    """A data file is malformed; names file, case, field and line where known."""

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        case: int | str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        where = path
        if line is not None:
            where += f":{line}"
        from .i18n import _

        case_part = _("case {id}").format(id=case) if case is not None else ""
        parts = [p for p in (where, case_part, field or "") if p]
        sep = _(": ")
        prefix = sep.join(parts)
        super().__init__(f"{prefix}{sep}{message}" if prefix else message, USAGE)
        self.path, self.case, self.field, self.line = path, case, field, line
        self.reason = message  # the problem without where it is
