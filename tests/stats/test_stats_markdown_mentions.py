"""``stats --format markdown`` goes into pull requests and wikis: journey text holding ``@user``
or ``#123`` must neither ping anyone nor link an issue, and must still read as written."""

from __future__ import annotations

import datetime
import re

import cjmap
from cjmap.stats.formats import as_markdown
from cjmap.stats.portfolio import build_portfolio
from conftest import MINIMAL, TODAY, cli
from github_markdown import PINGS, ZWSP, assert_no_reference

JOURNEY = (MINIMAL.replace("title: Minimal", "title: 'Shop @octocat #7'")
           .replace("        name: Search\n", "        name: Search\n        pain_points:\n"
                    + "".join(f"          - {{id: p{n}, text: {name!r}}}\n" for n, name in enumerate(PINGS))))


def test_the_portfolio_pings_no_one_and_links_no_issue(write, tmp_path):
    write("@org #3.journey.yaml", JOURNEY)
    run = cli("stats", "-f", "markdown", str(tmp_path), env=TODAY)
    assert run.code == 0 and run.stderr == ""
    text = assert_no_reference(run.stdout).replace(ZWSP, "")
    for name in (*PINGS, "Shop @octocat #7", "@org #3.journey.yaml"):
        assert name in text  # readable: only zero-width spaces were added


def test_the_library_writes_the_same_text(write):
    path = write("shop.journey.yaml", JOURNEY)
    portfolio = build_portfolio([(str(path), cjmap.load_journey(path))], [], today=datetime.date(2026, 11, 23), files=1)
    text = assert_no_reference(as_markdown(portfolio)).replace(ZWSP, "")
    assert all(name in text for name in PINGS)


def test_issue_addresses_in_the_portfolio_neither_link_nor_leave_an_event(write, tmp_path):
    urls = ("https://github.com/o/r/issues/1", "www.github.com/o/r/pull/2", "http://github.com/o/r/discussions/3")
    write("shop.journey.yaml", MINIMAL.replace("title: Minimal", f"title: '{' '.join(urls)}'"))
    run = cli("stats", "-f", "markdown", str(tmp_path), env=TODAY)
    assert run.code == 0 and run.stderr == ""
    text = assert_no_reference(run.stdout)
    assert re.search(r"(?i)github\.com/[^\s/]+/[^\s/]+/(?:issues|pull|discussions)/\d", text) is None
    assert re.search(r"(?i)(?:https?|ftp)://", run.stdout) is None  # GitHub makes no autolink of them
    assert all(url in text.replace(ZWSP, "") for url in urls)  # and they read as written
