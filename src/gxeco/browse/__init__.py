"""`gxeco browse`: read, find, compare and cite the cases without leaving the keyboard.

The only package that imports Textual; ``commands.browse`` imports ``browse.app``
lazily, so every other command keeps its start-up time. ``browse.find`` (the list's
rows) and ``browse.casetext`` (a case's text as paragraphs, hits marked) import no Textual:
tests and the benchmark time them alone. ``case`` is the case pane, ``figures`` its 数据
table, ``widgets`` the styles and the parts the rest is built from, ``screens`` the dialogs,
``app.tcss`` the app's layout. Everything it shows comes from the library the CLI uses,
through its public API (``gxeco.api``: ``matches``, ``find``, ``figures``, ``stats``,
``compare``, ``related``, ``city_map``, ``citations``), drawn by the CLI's reports and
labels, so the browser gains what they gain. Case text is broken into lines
by ``layout.wrap`` (the CLI's Chinese line breaker) at the current width and again
on every resize; colours are Textual theme variables, and Textual honours NO_COLOR.
"""

from __future__ import annotations

import os

# Textual paints at most TEXTUAL_FPS frames a second (60 unless set): a keystroke's list waits
# up to a frame for its turn, a third of the 50 ms it has. 120 halves that wait, and costs
# nothing while the screen is still. Read when Textual is first imported; a user's value wins.
os.environ.setdefault("TEXTUAL_FPS", "120")
