"""CPython asyncio with one rule broken, for the TCK's self-test: the rules that the Java API
cannot let an in-process implementation break.

    python3 broken_asyncio.py RULE DRIVER_SCRIPT [DRIVER_ARGUMENT...]

patches asyncio as RULE's change says, then runs the TCK's Python driver (DRIVER_SCRIPT) with the
arguments that follow, as if it had been started itself.
"""
import asyncio
import runpy
import sys


def reversed_write_buffer_limits():
    """WT-6: get_write_buffer_limits() returns (high, low) instead of (low, high)."""
    original = asyncio.transports._FlowControlMixin.get_write_buffer_limits

    def get_write_buffer_limits(self):
        low, high = original(self)
        return high, low

    asyncio.transports._FlowControlMixin.get_write_buffer_limits = get_write_buffer_limits


def default_eof_received_keeps_open():
    """SP-6: asyncio.Protocol's default eof_received() returns True, so it keeps the connection open."""
    asyncio.protocols.Protocol.eof_received = lambda self: True


def connection_made_after_the_call_returns():
    """CB-11: create_connection() returns its connection before the protocol's connection_made(), which
    comes ten loop iterations later, when the driver has long replied. Only for the connections a call
    returns (a waiter, no server): a server's accepted connections are left alone."""
    transport_class = asyncio.selector_events._SelectorSocketTransport
    original = transport_class.__init__

    def __init__(self, loop, sock, protocol, waiter=None, extra=None, server=None):
        if waiter is None or server is not None:
            original(self, loop, sock, protocol, waiter, extra, server)
            return
        made = protocol.connection_made

        def deferred(transport, hops=10):
            if hops == 0:
                made(transport)
            else:
                loop.call_soon(deferred, transport, hops - 1)

        protocol.connection_made = deferred  # what the original schedules with call_soon
        try:
            original(self, loop, sock, protocol, waiter, extra, server)
        finally:
            del protocol.connection_made

    transport_class.__init__ = __init__


CHANGES = {"WT-6": reversed_write_buffer_limits, "SP-6": default_eof_received_keeps_open,
           "CB-11": connection_made_after_the_call_returns}


def main(argv):
    if len(argv) < 2 or argv[0] not in CHANGES:
        sys.stderr.write("usage: broken_asyncio.py {%s} DRIVER_SCRIPT [DRIVER_ARGUMENT...]\n" % "|".join(sorted(CHANGES)))
        return 2
    CHANGES[argv[0]]()
    sys.argv = [argv[1]] + argv[2:]
    runpy.run_path(argv[1], run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
