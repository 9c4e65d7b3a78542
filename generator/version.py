"""The installed version of forge, which also versions the templates it ships."""

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__ = version("forge-web")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
