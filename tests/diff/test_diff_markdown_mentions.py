"""``diff --format markdown`` is pasted into pull-request comments: names holding ``@user`` or
``#123`` must neither ping anyone nor link an issue, and must still read as written."""

from __future__ import annotations

import re

import cjmap
from cjmap.diff.changes import diff_journeys
from cjmap.diff.formats import as_markdown
from conftest import MINIMAL, cli
from github_markdown import PINGS, RENDERER, ZWSP, assert_no_reference, rendered_text


def _pair(write):
    old = write("old.journey.yaml", MINIMAL)
    touchpoints = "".join(f"      - id: t{n}\n        name: {name!r}\n" for n, name in enumerate(PINGS))
    new = MINIMAL.replace("title: Minimal", "title: 'Minimal @octocat #7'").replace("        name: Search\n", "        name: 'Search GH-9'\n")
    return old, write("new.journey.yaml", new + touchpoints)


def test_the_diff_comment_pings_no_one_and_links_no_issue(write):
    old, new = _pair(write)
    run = cli("diff", "-f", "markdown", str(old), str(new))
    assert run.code == 1 and run.stderr == ""  # 1: there are changes, as diff(1)
    text = assert_no_reference(run.stdout).replace(ZWSP, "")
    for name in (*PINGS, "Minimal @octocat #7", "Search GH-9"):
        assert name in text  # readable: only zero-width spaces were added


def test_the_library_writes_the_same(write):
    old, new = _pair(write)
    changes = diff_journeys(cjmap.load_journey(old), cjmap.load_journey(new))
    markdown = as_markdown(changes, old=str(old), new=str(new))
    assert markdown == cli("diff", "-f", "markdown", str(old), str(new)).stdout
    assert_no_reference(markdown)


def test_file_names_in_the_summary_line_are_neutralised_too(write):
    old = write("@octocat #1.journey.yaml", MINIMAL)
    new = write("GH-2.journey.yaml", MINIMAL.replace("title: Minimal", "title: Other"))
    run = cli("diff", "-f", "markdown", str(old), str(new))
    assert "GH-\u200b2.journey.yaml" in assert_no_reference(run.stdout)


ISSUE_URL = re.compile(r"(?i)github\.com/[^\s/]+/[^\s/]+/(?:issues|pull|discussions)/\d")
URLS = ("https://github.com/o/r/issues/1", "www.github.com/o/r/pull/2", "https://github.com/o/r/discussions/3")


def test_issue_addresses_in_names_neither_link_nor_leave_an_event(write):
    old = write("old.journey.yaml", MINIMAL)
    new = write("new.journey.yaml", MINIMAL.replace("        name: Search\n", f"        name: 'Search {' '.join(URLS)}'\n"))
    run = cli("diff", "-f", "markdown", str(old), str(new))
    assert run.code == 1 and run.stderr == ""
    text = assert_no_reference(run.stdout)
    assert ISSUE_URL.search(text) is None and "https://" not in run.stdout  # no autolink: the scheme is broken too
    assert all(url in text.replace(ZWSP, "") for url in URLS)  # and it reads as written


def test_backticks_in_journey_text_make_no_code_but_a_slug(write):
    # Ids are code; journey text is escaped: only a slug in backticks (what an id looks like, and
    # what the name's own backticks ask for) becomes code, and a slug can hold nothing active.
    old = write("old.journey.yaml", MINIMAL)
    new = write("new.journey.yaml", MINIMAL.replace("        name: Search\n", "        name: 'Run `npm <b>x</b>` then `x-1`'\n"))
    run = cli("diff", "-f", "markdown", str(old), str(new))
    assert run.code == 1 and run.stderr == ""
    html = RENDERER.render(run.stdout)
    assert re.findall(r"<code>(.*?)</code>", html) == ["search", "x-1"]
    assert "<b>" not in html
    assert "touchpoint search renamed: “Search” → “Run `npm <b>x</b>` then x-1”" in rendered_text(run.stdout)
    changes = diff_journeys(cjmap.load_journey(old), cjmap.load_journey(new))
    assert as_markdown(changes, old=str(old), new=str(new)) == run.stdout
