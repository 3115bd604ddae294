"""Packaged policy data files (TOML)."""
