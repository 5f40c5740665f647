"""The app never reaches for the network: offices install it on PCs with no internet, by rule.

Two guards: every module of core/ and gui/ imports with sockets blocked (pytest-socket, see
pyproject addopts; tests/core/test_network_blocked.py proves the block is on), and no source
file uses a network API. The running bundle is checked too:
tests/test_dist.py::test_bundle_opens_no_network_socket (strace).
"""
from __future__ import annotations

import importlib
import pathlib
import pkgutil
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGES = ("core", "gui")

# Network APIs: HTTP clients, raw sockets, mail/FTP/RPC, Qt's network and web modules, and
# handing a URL to the browser. urllib.parse (string handling only) is fine.
NETWORK_API = re.compile(
    r"\burllib\.request\b|\burlopen\b|\bimport\s+requests\b|\bfrom\s+requests\b|\bhttp\.client\b"
    r"|\bhttpx\b|\burllib3\b|\baiohttp\b|\bimport\s+socket\b|\bfrom\s+socket\b|\bsocketserver\b"
    r"|\bftplib\b|\bsmtplib\b|\bimaplib\b|\bpoplib\b|\bxmlrpc\b|\bwebbrowser\b|\bimport\s+ssl\b|\bfrom\s+ssl\b"
    r"|\bQtNetwork\b|\bQNetwork\w*|\bQTcpSocket\b|\bQUdpSocket\b|\bQtWebEngine\w*|\bQWebEngine\w*",
    re.M,
)

# path (relative to the repo) → why that file may mention a network API. Keep it empty if you can.
ALLOWED: dict[str, str] = {}


def _modules():
    for package in PACKAGES:
        pkg = importlib.import_module(package)
        yield package
        for info in pkgutil.walk_packages(pkg.__path__, prefix=package + "."):
            if info.name.rsplit(".", 1)[-1] == "__main__":
                continue            # __main__ modules run the program when imported
            yield info.name


@pytest.mark.parametrize("name", list(_modules()))
def test_module_imports_without_the_network(name):
    importlib.import_module(name)     # a socket opened at import raises SocketBlockedError


def test_no_source_file_uses_a_network_api():
    hits = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in ALLOWED:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#", 1)[0]          # a comment may name an API to say why not
                if NETWORK_API.search(code):
                    hits.append(f"{rel}:{number}: {line.strip()}")
    assert not hits, "network API in the app (offices have no internet):\n" + "\n".join(hits)
