"""The Mermaid ``journey`` blocks of a Markdown file, found as GitHub finds them: by a CommonMark
parser (markdown-it-py), so fences of ``` and ~~~ with the info ``mermaid`` count in lists and
quotes too, and a block inside an HTML comment (which GitHub does not show) is no block. A
file that is itself a diagram is one block.

Each block keeps where its text is in the file: its first line (from the parser's line map)
and, for each line, how many columns of list indentation or ``>`` markers came before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cjmap.interchange.located import Located
from cjmap.interchange.mermaid_source import is_journey

if TYPE_CHECKING:
    from markdown_it.token import Token


@dataclass(frozen=True)
class Block:
    """A diagram's text, the file line it starts on, and each line's columns before it; the
    line of its opening fence (0: the file is itself the diagram, not a Markdown block)."""

    text: str
    first_line: int
    offsets: tuple[int, ...] = ()
    fence_line: int = 0

    def where(self, line: int, column: int) -> tuple[int, int]:
        """A 1-based line and column of the block's text, in the file."""
        offset = self.offsets[line - 1] if 0 < line <= len(self.offsets) else 0
        return self.first_line + line - 1, column + offset


@dataclass
class Blocks:
    blocks: list[Block] = field(default_factory=list)
    hidden: int = 0  # journey blocks inside HTML comments
    hidden_line: int = 0  # where the first such comment starts
    other: int = 0  # mermaid blocks of other diagrams
    first_line: str = ""
    first_line_number: int = 0

    def why_none(self) -> Located:
        if self.hidden:
            return Located(self.hidden_line, 1, (
                f"the only Mermaid journey block{'s are' if self.hidden > 1 else ' is'} inside this HTML comment, which GitHub does not show: "
                "nothing to import (take the block out of the comment to import it)"
            ))
        if self.other:
            return Located(0, 0, f"no Mermaid `journey` diagram found: the {self.other} mermaid block{'s are' if self.other > 1 else ' is'} another kind of diagram")
        found = self.first_line[:40]
        if found.lower().startswith("journey") and not found.startswith("journey"):
            return Located(self.first_line_number, 1, f"Mermaid knows the keyword `journey` only in lower case, and finds no diagram in {found!r}: write `journey`")
        return Located(
            self.first_line_number, 1 if self.first_line_number else 0,
            f"expected a Mermaid `journey` diagram (or Markdown with a ```mermaid journey block), found {found!r}",
        )


def journey_blocks(text: str) -> Blocks:
    if is_journey(text):
        return Blocks([Block(text, 1)])
    number, line = next(((number, line.strip()) for number, line in enumerate(text.splitlines(), start=1) if line.strip()), (0, ""))
    found = Blocks(first_line=line, first_line_number=number)
    if "```" not in text and "~~~" not in text:
        return found
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for token in _parse(text):
        if token.type == "fence" and _is_mermaid(token.info) and token.map:
            if not is_journey(token.content):
                found.other += 1
                continue
            first = token.map[0] + 1  # the line after the opening fence, 0-based
            content = token.content.split("\n")
            offsets = tuple(_offset(lines[first + i] if first + i < len(lines) else "", line) for i, line in enumerate(content))
            found.blocks.append(Block(token.content, first + 1, offsets, fence_line=first))
        elif token.type == "html_block" and token.content.lstrip().startswith("<!--"):
            inner = token.content.lstrip()[4:].rsplit("-->", 1)[0]
            hidden = sum(1 for hidden in _parse(inner) if hidden.type == "fence" and _is_mermaid(hidden.info) and is_journey(hidden.content))
            if hidden and not found.hidden and token.map:
                found.hidden_line = token.map[0] + 1
            found.hidden += hidden
    return found


def _parse(text: str) -> list[Token]:
    from markdown_it import MarkdownIt

    # Only blocks matter: inline parsing (and its cost on a long paragraph) is switched off.
    # markdown-it nests quotes and lists at most 20 deep (maxNesting), so no recursion limit.
    return MarkdownIt("commonmark").disable(["inline", "text_join"]).parse(text)


def _is_mermaid(info: str) -> bool:
    words = info.split()
    return bool(words) and words[0].lower() == "mermaid"


def _offset(original: str, content: str) -> int:
    """The columns a list's indentation or a quote's ``>`` took before the content line."""
    return len(original) - len(content) if content and original.endswith(content) else 0
