"""The language gxeco speaks: English as written in the code, simplified Chinese from a catalog.

One way to mark a message, everywhere (the gettext convention, so babel and xgettext find it)::

    from .i18n import _
    raise NotFound(_("no case {ref}; ids run {first}-{last}").format(ref=ref, first=a, last=b))

Mark the English text *before* filling it in (``_("…{name}…").format(name=…)``, never
``_(f"…")``): the text in ``_()`` is the catalog's key. ``N_("…")`` marks a text that is
translated later, where it is shown (a vocabulary's ``what``); ``ngettext`` for counts.

The language follows gettext's order: ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (the
first one set; ``LANGUAGE`` may list several, ``zh_CN:en``), then on Windows the user's UI
language; ``GXECO_LANG=zh|en`` overrides them all. Any Chinese locale (``zh_CN``, ``zh_SG``,
``zh``, and also ``zh_TW``/``zh_HK``, which get simplified Chinese: there is no traditional
catalog) means Chinese; anything else English.

Translations live in ``po/zh_CN.po`` (template ``po/gxeco.pot``); ``scripts/regen_messages.py``
extracts the template from the code, merges it into the ``.po`` and compiles the ``.po`` into
``_messages_zh.py``, a dict imported on the first Chinese message only: importing it costs less
than ``import gettext`` alone (which pulls in ``re`` and ``locale``; measured in the README), and
an English run never loads a catalog at all.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Mapping

ZH, EN = "zh", "en"
ENV_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_lang: str | None = None
_catalog: dict[str, str] | None = None


def _one(locale_name: str) -> str | None:
    """zh, en, or None for a language gxeco has no catalog for (gettext then tries the next)."""
    name = locale_name.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    if name.startswith("zh"):
        return ZH
    if name in ("c", "posix") or name.startswith("en"):
        return EN
    return None


def detect(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    """The language of this run's messages, from the environment (see the module's docstring)."""
    env = os.environ if environ is None else environ
    forced = _one(env.get("GXECO_LANG", ""))
    if forced:
        return forced
    for var in ENV_VARS:
        value = env.get(var)
        if value:
            # gettext reads the first variable that is set, and LANGUAGE as a list in order
            for part in value.split(":"):
                found = _one(part) if part else None
                if found:
                    return found
            return EN
    if (platform or sys.platform) == "win32":
        return _windows()
    return EN


def _windows() -> str:  # pragma: no cover - Windows only
    """The user's UI language where no locale variable is set (the usual case on Windows)."""
    try:
        import ctypes

        langid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        return EN
    return ZH if int(langid) & 0x3FF == 0x04 else EN  # LANG_CHINESE, whatever the sublanguage


def lang() -> str:
    """zh or en, decided once per run."""
    global _lang
    if _lang is None:
        _lang = detect()
    return _lang


def reset(value: str | None = None) -> None:
    """Decide the language again (tests; ``scripts/regen_grammar.py`` writes both helps).
    Texts translated at import (``cli.py``'s help) need that module reloaded too."""
    global _lang
    _lang = value


def catalog() -> dict[str, str]:
    """The Chinese messages: English text -> Chinese."""
    global _catalog
    if _catalog is None:
        from ._messages_zh import MESSAGES

        _catalog = MESSAGES
    return _catalog


def _(message: str) -> str:
    """The message in the reader's language (English text as the key)."""
    if lang() == EN:
        return message
    return catalog().get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """A message with a count; Chinese has one form, stored under the singular."""
    if lang() == EN:
        return singular if n == 1 else plural
    return catalog().get(singular, plural)


def N_(message: str) -> str:
    """Marks a text for the catalog without translating it here."""
    return message


def is_zh() -> bool:
    return lang() == ZH
