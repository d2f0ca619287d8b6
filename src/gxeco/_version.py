"""The version, in a module of its own: the package file (which offers the API) and the
modules the API uses (loader, commands, exporters) all read it, and none of them imports another."""

__version__ = "0.1.0"
