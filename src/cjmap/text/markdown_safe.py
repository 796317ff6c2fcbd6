"""Markdown for GitHub comments and job summaries: escaped, and unable to ping or link.

GitHub reads more into Markdown than CommonMark does: ``@user`` and ``@org/team`` notify people,
``#123``, ``GH-123`` and ``owner/repo#123`` link issues (and leave a "mentioned this" event on
them). A backslash does not stop either (github/cmark-gfm#389: ``\\@user`` still mentions), since
GitHub finds them in the rendered text. A zero-width space (U+200B) after ``@`` or ``#`` does:
the text reads the same, and no pattern matches. Renovate and Dependabot do the same in their
pull-request bodies (renovatebot/renovate ``lib/util/markdown.ts``, dependabot-core#3157). The
character is written raw, not as ``&#8203;``, so the Markdown also reads cleanly in a terminal.

Every Markdown writer of validate/lint, ``diff`` and ``stats`` escapes journey text through
:func:`inline`.
"""

from __future__ import annotations

import re

from cjmap.text.escape import markdown_text
from cjmap.text.safe import visible

ZWSP = "\u200b"
# ``#`` before a digit (``#123``, ``owner/repo#123``) and ``GH-`` before one (GitHub's other
# spelling of an issue reference); any Unicode digit, since over-breaking costs nothing.
_ISSUE_HASH = re.compile(r"#(?=\d)")
_ISSUE_GH = re.compile(r"(?i)(?<=GH-)(?=\d)")


def neutralise(markdown: str) -> str:
    """Markdown source with every mention and issue reference broken by a zero-width space.

    Run it last, on text already escaped: an escape step that dropped characters could otherwise
    bring ``@`` and a name back together.
    """
    text = markdown.replace("@", "@" + ZWSP)
    text = _ISSUE_HASH.sub("#" + ZWSP, text)
    return _ISSUE_GH.sub(ZWSP, text)


def inline(text: str) -> str:
    """Journey text as inline Markdown for GitHub: control characters shown as escapes (a reviewer
    sees them), no formatting, links, HTML or table breaks, one line, no mention or reference."""
    return neutralise(markdown_text(visible(text, lines=True)))
