"""Renders: journey model -> view model -> Jinja template -> DOT, HTML, Mermaid, Markdown."""
