"""Markdown for GitHub comments and job summaries: escaped, with no mention and no issue reference.

GitHub reads more into Markdown than CommonMark does: ``@user`` and ``@org/team`` notify people;
``#123``, ``GH-123``, ``owner/repo#123`` and the address of an issue, pull request or discussion
(``https://github.com/owner/repo/issues/1``, ``/pull/2``, ``/discussions/3``) link it and leave
a "mentioned this" event on it. A backslash does not stop either (github/cmark-gfm#389:
``\\@user`` still mentions), since GitHub finds them in the rendered text. A zero-width space
(U+200B) does: after ``@`` or ``#``, after ``GH-``, and in an address both after the scheme's
colon (cmark-gfm's autolink wants ``://`` right after ``https:``, so no link is made) and before
the number (a ``www.`` or bare address: its link, if one is made, ends in ``/issues/%E2%80%8B1``,
which names no issue). Right after ``://`` would not do: cmark-gfm's ``check_domain`` does not
look at the first character, so the link is made, to a host browsers read as github.com. The
text reads the same, and no pattern matches. Renovate and Dependabot do the same in their
pull-request bodies (renovatebot/renovate ``lib/util/markdown.ts``, dependabot-core#3157). The
character is written raw, not as ``&#8203;``, so the Markdown also reads cleanly in a terminal.

What still links, as in any comment: other addresses, and a commit hash (a link to the commit,
with no mention and no event on an issue).

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
# The address of an issue, pull request or discussion, in Markdown source (an owner or repository
# name may hold backslash escapes): the scheme, if any, and the path up to the number.
_ISSUE_URL = re.compile(r"(?i)(?:(?<![a-z])(https?|ftp):(?=//))?((?://)?(?:www\.)?github\.com/[^\s/]+/[^\s/]+/(?:issues|pulls?|discussions)/)(?=\d)")

def _broken_url(match: re.Match[str]) -> str:
    scheme, path = match.group(1), match.group(2)
    return (f"{scheme}:{ZWSP}" if scheme else "") + path + ZWSP


def neutralise(markdown: str) -> str:
    """Markdown source with every mention and issue reference broken by a zero-width space.

    Run it last, on text already escaped: an escape step that dropped characters could otherwise
    bring ``@`` and a name back together.
    """
    text = markdown.replace("@", "@" + ZWSP)
    text = _ISSUE_HASH.sub("#" + ZWSP, text)
    text = _ISSUE_URL.sub(_broken_url, text)
    return _ISSUE_GH.sub(ZWSP, text)


def inline(text: str) -> str:
    """Journey text as inline Markdown for GitHub: control characters shown as escapes (a reviewer
    sees them), no formatting, links, HTML or table breaks, one line, no mention or issue
    reference (a commit hash or another address still links, as in any comment)."""
    return neutralise(markdown_text(visible(text, lines=True)))
