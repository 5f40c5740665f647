"""Nothing at run time may touch the network: prove the guard in tests is really on."""
import socket

import pytest
from pytest_socket import SocketBlockedError


def test_sockets_are_blocked():
    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
