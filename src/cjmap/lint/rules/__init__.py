"""The rules, one module per part of the journey. The registry lists them explicitly."""
