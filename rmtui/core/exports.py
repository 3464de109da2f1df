"""Lazy re-exports for the core's packages: a package names its public API without importing every module."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module


def lazy_exports(package: str, homes: Mapping[str, tuple[str, ...]]) -> tuple[list[str], Callable[[str], object]]:
    """``__all__`` and a module ``__getattr__`` that imports each name from its module (in ``homes``) on first use."""
    home_of = {name: module for module, names in homes.items() for name in names}

    def __getattr__(name: str) -> object:
        if name not in home_of:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{home_of[name]}"), name)

    return sorted(home_of), __getattr__
