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


CHANGES = {"WT-6": reversed_write_buffer_limits, "SP-6": default_eof_received_keeps_open}


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
