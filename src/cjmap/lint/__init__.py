"""Lint: best-practice rules from the journey-mapping literature (GLOSSARY.md, "Practices")."""
