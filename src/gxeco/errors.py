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


def os_reason(exc: OSError) -> str:
    """What went wrong with a file, in gxeco's language: the system's own words (strerror) are
    English whatever the locale, so the common errno values have messages of their own."""
    import errno

    from .i18n import N_, _

    reasons = {
        errno.ENOENT: N_("no such file or folder"),
        errno.EACCES: N_("permission denied"),
        errno.EPERM: N_("operation not permitted"),
        errno.EISDIR: N_("is a folder"),
        errno.ENOTDIR: N_("a part of the path is not a folder"),
        errno.ENOSPC: N_("no space left on the device"),
        errno.EFBIG: N_("file too large"),
        errno.EROFS: N_("read-only file system"),
        errno.EEXIST: N_("already exists"),
        errno.ENAMETOOLONG: N_("file name too long"),
        errno.EINVAL: N_("invalid argument"),
        errno.EXDEV: N_("cannot move across devices"),
        errno.EMFILE: N_("too many open files"),
    }
    found = reasons.get(exc.errno) if exc.errno is not None else None
    return _(found) if found else exc.strerror or str(exc)
