#!/usr/bin/env python3
"""The out-of-process driver of the asyncio TCK for asyncio-compatible event loops: asyncio's own, uvloop,
or any other made by a factory or policy (--loop MODULE:CALLABLE), on CPython or PyPy.

The TCK starts this program once per scenario and speaks the line protocol of drivers/PROTOCOL.md over
stdin and stdout: newline-delimited JSON, one object per line. The driver hosts one event loop, makes
connections, servers, datagram endpoints and subprocesses whose protocol is scripted by the TCK, performs calls on
their transports and streams every protocol callback back as events.

Threads: the event loop runs in the main thread. A daemon thread reads stdin and hands each line to the
loop with call_soon_threadsafe; everything else, including every write to stdout, happens on the loop
thread, so lines never interleave. stdin's end stops the loop and ends the program.

Standard library only, Python 3.9+, asyncio's public API only.

    python3 asyncio_driver.py [--loop asyncio|uvloop|MODULE:CALLABLE] [--name REPORT_NAME]
"""

import argparse
import asyncio
import base64
import binascii
import json
import os
import platform
import signal
import socket
import ssl
import stat
import subprocess
import sys
import threading
import time
import traceback

PROTOCOL_VERSION = 1

#: Seconds the blocking connect of create_connection_over_socket may take.
PLAIN_CONNECT_TIMEOUT = 10.0

#: Seconds close (or stdin's end) waits for aborted connections to report connection_lost.
SHUTDOWN_GRACE = 2.0


def log(message):
    """A diagnostic line on stderr (stdout is for protocol lines only)."""
    try:
        sys.stderr.write("asyncio_driver: " + message + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


# ---------------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------------

class ProtocolError(Exception):
    """The request cannot be understood: answered with a protocol_error line."""


class DriverRefusal(Exception):
    """The driver, not the implementation, refused a call: an outcome of kind OTHER with this type."""

    def __init__(self, type_name, message):
        Exception.__init__(self, message)
        self.type_name = type_name


class ScriptedError(Exception):
    """What the pseudo-call raise makes a callback raise (kind OTHER)."""


def error_kind(error):
    """The neutral kind of a Python exception (PROTOCOL.md, Outcomes)."""
    if isinstance(error, NotImplementedError):  # a RuntimeError subclass: checked first
        return "UNSUPPORTED"
    if isinstance(error, ValueError):
        return "INVALID_VALUE"
    if isinstance(error, TypeError):
        return "INVALID_TYPE"
    if isinstance(error, RuntimeError):
        return "INVALID_STATE"
    if isinstance(error, OSError):
        return "OS_ERROR"
    return "OTHER"


def error_info(error):
    """{"kind", "type", "message"} for an exception."""
    if isinstance(error, DriverRefusal):
        return {"kind": "OTHER", "type": error.type_name, "message": str(error)}
    try:
        message = str(error)
    except Exception:  # a broken __str__ must not break the driver
        message = repr(error)
    return {"kind": error_kind(error), "type": type(error).__name__, "message": message}


def ok(value):
    return {"ok": True, "value": value}


def failed(error):
    return {"ok": False, "error": error_info(error)}


# ---------------------------------------------------------------------------------------------------
# Values: requests to Python (decode) and Python to the wire (encode)
# ---------------------------------------------------------------------------------------------------

class ReceivedData(object):
    """{"$received_data": true}: the data of the current data_received."""

    def __repr__(self):
        return "RECEIVED_DATA"


RECEIVED_DATA = ReceivedData()


class ReceivedAddress(object):
    """{"$received_address": true}: the address of the current datagram_received."""

    def __repr__(self):
        return "RECEIVED_ADDRESS"


RECEIVED_ADDRESS = ReceivedAddress()


class Received(object):
    """What the current callback received, for the placeholders of its reactions: the data, and the
    address exactly as the loop passed it to datagram_received (None in data_received)."""

    def __init__(self, data, address=None):
        self.data = data
        self.address = address


class BufferSizePlus(object):
    """{"$buffer_size_plus": N}: the transport's write buffer size at call time, plus N."""

    def __init__(self, delta):
        self.delta = delta

    def __repr__(self):
        return "BufferSizePlus[delta=%d]" % self.delta


class DataSequence(object):
    """{"$sequence": ...}: built into a fresh list, tuple or generator each time a call uses it."""

    SHAPES = ("list", "tuple", "generator")

    def __init__(self, shape, items):
        self.shape = shape
        self.items = items

    def build(self, resolve):
        items = [resolve(item) for item in self.items]
        if self.shape == "list":
            return items
        if self.shape == "tuple":
            return tuple(items)
        return _one_shot(items)


def _one_shot(items):
    """A real generator: lazy, one-shot, not a collection."""
    for item in items:
        yield item


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def decode_value(value, where):
    """A request's neutral value as a Python value (placeholders stay placeholders).

    Raises ProtocolError for an object that is not one of the $ encodings a request may carry.
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [decode_value(item, where) for item in value]
    if not isinstance(value, dict):
        raise ProtocolError("%s: unexpected value %r" % (where, value))
    if len(value) != 1:
        raise ProtocolError("%s: an encoded value is an object with exactly one $ key, got %s"
                            % (where, shown(value)))
    key, body = next(iter(value.items()))
    if key == "$bytes":
        if not isinstance(body, str):
            raise ProtocolError("%s: $bytes must be a base64 string, got %s" % (where, shown(body)))
        try:
            return base64.b64decode(body.encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError) as e:
            raise ProtocolError("%s: $bytes is not valid base64: %s" % (where, e))
    if key == "$address":
        if (not isinstance(body, list) or len(body) != 2 or not isinstance(body[0], str)
                or not _is_int(body[1])):
            raise ProtocolError("%s: $address must be [HOST, PORT], got %s" % (where, shown(body)))
        return (body[0], body[1])
    if key == "$sequence":
        if (not isinstance(body, dict) or body.get("shape") not in DataSequence.SHAPES
                or not isinstance(body.get("items"), list)):
            raise ProtocolError('%s: $sequence must be {"shape": list/tuple/generator, "items": [...]}, got %s'
                                % (where, shown(body)))
        return DataSequence(body["shape"], [decode_value(item, where) for item in body["items"]])
    if key in ("$received_data", "$received_address"):
        if body is not True:
            raise ProtocolError("%s: %s must be true, got %s" % (where, key, shown(body)))
        return RECEIVED_DATA if key == "$received_data" else RECEIVED_ADDRESS
    if key == "$buffer_size_plus":
        if not _is_int(body):
            raise ProtocolError("%s: $buffer_size_plus must be an integer, got %s" % (where, shown(body)))
        return BufferSizePlus(body)
    if key in ("$opaque", "$error"):
        raise ProtocolError("%s: %s is only sent by the driver, a request cannot carry it" % (where, key))
    raise ProtocolError("%s: unknown value encoding %s" % (where, json.dumps(key)))


def _is_address(value):
    """(host, port) or (host, port, flowinfo, scope_id) with a textual host."""
    if not isinstance(value, tuple) or len(value) not in (2, 4) or not isinstance(value[0], str):
        return False
    return all(_is_int(part) for part in value[1:])


def encode_value(value):
    """A Python value as a neutral value on the wire (PROTOCOL.md, Values). Never raises."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else repr(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, BaseException):
        return {"$error": error_info(value)}
    if _is_address(value):
        return {"$address": [value[0], value[1]]}
    if isinstance(value, (list, tuple)):
        return [encode_value(item) for item in value]
    kind = object_kind(value)
    if kind is None:
        return {"$opaque": type(value).__name__}
    return {"$opaque": {"type": type(value).__name__, "kind": kind}}


def object_kind(value):
    """The kind of a native object the spec's extra information names (PROTOCOL.md, Values): "socket"
    for a socket (socket.socket, asyncio's TransportSocket, or anything with a socket's family, type and
    getsockname(), as uvloop's pseudo-socket), "ssl_context", "pipe" for a file object on a pipe (FIFO),
    "process" for a subprocess.Popen; None for any other object."""
    if isinstance(value, ssl.SSLContext):
        return "ssl_context"
    if isinstance(value, subprocess.Popen):
        return "process"
    if isinstance(value, socket.socket) or all(hasattr(value, name) for name in ("family", "type", "getsockname")):
        return "socket"
    fileno = getattr(value, "fileno", None)
    if callable(fileno):
        try:
            if stat.S_ISFIFO(os.fstat(fileno()).st_mode):
                return "pipe"
        except (OSError, ValueError, TypeError):
            pass
    return None


def describe(value):
    """A call argument as in the call's text: strings in single quotes; like the TCK's Call.describe."""
    if isinstance(value, str):
        return "'" + value + "'"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (bytes, bytearray)):
        if len(value) <= 40 and all(0x20 <= b <= 0x7e for b in value):
            return "b'" + bytes(value).decode("ascii") + "'"
        return "<%d bytes>" % len(value)
    if isinstance(value, list):
        return "[" + ", ".join(describe(item) for item in value) + "]"
    if isinstance(value, DataSequence):
        return value.shape + "(" + ", ".join(describe(item) for item in value.items) + ")"
    if isinstance(value, tuple) and len(value) == 2:
        return "%s:%s" % value
    return str(value)


def shown(value, limit=200):
    """A JSON value cut to a readable length, for messages."""
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


# ---------------------------------------------------------------------------------------------------
# Scripts and calls
# ---------------------------------------------------------------------------------------------------

class Call(object):
    """{"method": NAME, "args": [VALUE...]}, with the arguments decoded."""

    def __init__(self, method, args):
        self.method = method
        self.args = args

    def text(self):
        """The call's text, the key of a probe's result: get_extra_info('peername')."""
        return self.method + "(" + ", ".join(describe(arg) for arg in self.args) + ")"


class Reaction(object):
    def __init__(self, callback, occurrence, calls):
        self.callback = callback
        self.occurrence = occurrence
        self.calls = calls

    def applies_to(self, name, count):
        return self.callback == name and (self.occurrence == 0 or self.occurrence == count)


class Script(object):
    def __init__(self, reactions, eof_returns, probes, bare=False):
        self.reactions = reactions
        self.eof_returns = eof_returns
        self.probes = probes
        self.bare = bare


def parse_call(node, where):
    if not isinstance(node, dict):
        raise ProtocolError("%s must be a call object, got %s" % (where, shown(node)))
    method = node.get("method")
    if not isinstance(method, str):
        raise ProtocolError("%s: 'method' must be a string, got %s" % (where, shown(method)))
    args = node.get("args", [])
    if not isinstance(args, list):
        raise ProtocolError("%s: 'args' must be an array, got %s" % (where, shown(args)))
    return Call(method, [decode_value(arg, "%s %s" % (where, method)) for arg in args])


def parse_calls(node, where):
    if not isinstance(node, list):
        raise ProtocolError("%s must be an array of calls, got %s" % (where, shown(node)))
    return [parse_call(item, "%s[%d]" % (where, i)) for i, item in enumerate(node)]


def parse_script(node):
    """The script of a create_* request. Absent reactions and probes are empty, absent eof_returns null."""
    if not isinstance(node, dict):
        raise ProtocolError("field 'script' must be an object, got %s" % shown(node))
    reactions_node = node.get("reactions", [])
    if not isinstance(reactions_node, list):
        raise ProtocolError("script: 'reactions' must be an array, got %s" % shown(reactions_node))
    reactions = []
    for i, item in enumerate(reactions_node):
        where = "script reactions[%d]" % i
        if not isinstance(item, dict):
            raise ProtocolError("%s must be an object, got %s" % (where, shown(item)))
        callback = item.get("callback")
        occurrence = item.get("occurrence", 0)
        if not isinstance(callback, str):
            raise ProtocolError("%s: 'callback' must be a string, got %s" % (where, shown(callback)))
        if not _is_int(occurrence) or occurrence < 0:
            raise ProtocolError("%s: 'occurrence' must be an integer >= 0, got %s" % (where, shown(occurrence)))
        reactions.append(Reaction(callback, occurrence, parse_calls(item.get("calls", []), where + " calls")))
    eof_returns = node.get("eof_returns")
    if eof_returns is not None and not isinstance(eof_returns, bool):
        raise ProtocolError("script: 'eof_returns' must be null or a boolean, got %s" % shown(eof_returns))
    probes = parse_calls(node.get("probes", []), "script probes")
    bare = node.get("bare", False)
    if not isinstance(bare, bool):
        raise ProtocolError("script: 'bare' must be a boolean, got %s" % shown(bare))
    if bare and (reactions or eof_returns is not None or probes):
        raise ProtocolError("script: a bare protocol has no reactions, eof_returns or probes")
    return Script(reactions, eof_returns, probes, bare)


class Pending(object):
    """The result of server_wait_closed: an awaitable the invoke reply waits for."""

    def __init__(self, awaitable):
        self.awaitable = awaitable


TRANSPORT = "transport"
SERVER = "server"

#: Transport methods, named as the transports' own: one the transport does not have (sendto on a stream
#: transport, write on uvloop's UDPTransport, get_pid on anything but a subprocess transport) is refused
#: as UnknownMethod.
TRANSPORT_METHODS = frozenset([
    "write", "writelines", "write_eof", "can_write_eof", "close", "abort", "get_extra_info",
    "get_write_buffer_size", "get_write_buffer_limits", "set_write_buffer_limits",
    "pause_reading", "resume_reading", "sendto",
    "get_pid", "get_returncode", "kill", "terminate", "send_signal", "get_pipe_transport"])
SERVER_METHODS = frozenset(["server_close", "server_wait_closed", "server_addresses"])
#: Calls the driver answers itself, on any target: current_thread is the name of the thread the call runs
#: on, which for an invoke (run inside a callback of the loop) is the thread that runs the loop;
#: returned_pair, on a connection, whether the call that created it returned the transport its
#: connection_made received ("same") or another one ("other"), None while either has not happened.
DRIVER_METHODS = frozenset(["current_thread", "returned_pair"])


class CallRunner(object):
    """Performs one Call on a transport or a server (the analogue of the TCK's TransportCalls)."""

    def __init__(self, target, kind, call, received, session=None):
        """received: a Received in data_received and datagram_received, else None. session: where
        get_pipe_transport registers the pipe transports it hands out."""
        self.target = target
        self.kind = kind
        self.call = call
        self.received = received
        self.session = session

    def run(self):
        """The outcome: {"ok": true, "value": ...}, {"ok": false, "error": ...}, or a Pending."""
        try:
            result = self.dispatch()
        except Exception as e:
            return failed(e)
        if isinstance(result, Pending):
            return result
        return ok(encode_value(result))

    def dispatch(self):
        method = self.call.method
        if method in DRIVER_METHODS:
            return getattr(self, "_" + method)()
        if method in TRANSPORT_METHODS:
            self.need(TRANSPORT)
            if not callable(getattr(self.target, method, None)):
                raise DriverRefusal("UnknownMethod", "%s is not a method of a %s"
                                    % (method, type(self.target).__name__))
            return getattr(self, "_" + method)(self.target)
        if method in SERVER_METHODS:
            self.need(SERVER)
            return getattr(self, "_" + method)(self.target)
        raise DriverRefusal("UnknownMethod", "the driver knows no method '%s'" % method)

    def need(self, kind):
        if self.kind != kind:
            what = "no target" if self.target is None else "a " + (self.kind or type(self.target).__name__)
            raise DriverRefusal("UnknownMethod", "%s is not a method of %s (it needs a %s)"
                                % (self.call.method, what, kind))

    def arg(self, index):
        """Argument index, with the placeholders resolved now."""
        if index >= len(self.call.args):
            raise DriverRefusal("ScriptError", "%s needs at least %d argument(s), got %s"
                                % (self.call.method, index + 1, self.call.text()))
        return self.resolve(self.call.args[index])

    def given(self):
        return len(self.call.args)

    def resolve(self, value):
        if value is RECEIVED_DATA:
            if self.received is None:
                raise DriverRefusal("ScriptError", "$received_data is only defined in data_received and "
                                    "datagram_received: " + self.call.text())
            return self.received.data
        if value is RECEIVED_ADDRESS:
            if self.received is None or self.received.address is None:
                raise DriverRefusal("ScriptError", "$received_address is only defined in datagram_received: "
                                    + self.call.text())
            return self.received.address
        if isinstance(value, BufferSizePlus):
            self.need(TRANSPORT)
            return self.target.get_write_buffer_size() + value.delta
        if isinstance(value, DataSequence):
            return value.build(self.resolve)
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        return value

    # the driver's own

    def _current_thread(self):
        return threading.current_thread().name

    def _returned_pair(self):
        protocol = self.session.protocol_of(self.target) if self.session is not None else None
        if protocol is None or protocol.made_transport is None or not protocol.returned:
            return None
        return "same" if protocol.returned_transport is protocol.made_transport else "other"

    # transports

    def _write(self, transport):
        transport.write(self.arg(0))

    def _writelines(self, transport):
        transport.writelines(self.arg(0))

    def _write_eof(self, transport):
        transport.write_eof()

    def _can_write_eof(self, transport):
        return transport.can_write_eof()

    def _close(self, transport):
        transport.close()

    def _abort(self, transport):
        transport.abort()

    def _get_extra_info(self, transport):
        if self.given() > 1:
            return transport.get_extra_info(self.arg(0), self.arg(1))
        return transport.get_extra_info(self.arg(0))

    def _get_write_buffer_size(self, transport):
        return transport.get_write_buffer_size()

    def _get_write_buffer_limits(self, transport):
        return list(transport.get_write_buffer_limits())

    def _set_write_buffer_limits(self, transport):
        # high, low; null or absent means "not given"
        limits = {}
        if self.given() > 0 and self.call.args[0] is not None:
            limits["high"] = self.arg(0)
        if self.given() > 1 and self.call.args[1] is not None:
            limits["low"] = self.arg(1)
        transport.set_write_buffer_limits(**limits)

    def _pause_reading(self, transport):
        transport.pause_reading()

    def _resume_reading(self, transport):
        transport.resume_reading()

    def _sendto(self, transport):
        # data, then an address or null; absent or null is sendto(data)
        address = self.arg(1) if self.given() > 1 else None
        if address is None:
            transport.sendto(self.arg(0))
        else:
            transport.sendto(self.arg(0), address)

    # subprocess transports

    def _get_pid(self, transport):
        return transport.get_pid()

    def _get_returncode(self, transport):
        return transport.get_returncode()

    def _kill(self, transport):
        transport.kill()

    def _terminate(self, transport):
        transport.terminate()

    def _send_signal(self, transport):
        transport.send_signal(self.arg(0))

    def _get_pipe_transport(self, transport):
        """The pipe transport's target id, <id>/<fd>, registered in the session; None when not piped."""
        fd = self.arg(0)
        pipe = transport.get_pipe_transport(fd)
        if pipe is None:
            return None
        if self.session is None:
            raise DriverRefusal("UnknownTarget", "get_pipe_transport(%s): no session to register the pipe in" % fd)
        return self.session.add_pipe(transport, fd, pipe)

    # servers

    def _server_close(self, server):
        server.close()

    def _server_wait_closed(self, server):
        return Pending(server.wait_closed())

    def _server_addresses(self, server):
        sockets = server.sockets or ()
        return [sock.getsockname() for sock in sockets]


# ---------------------------------------------------------------------------------------------------
# The scripted protocol
# ---------------------------------------------------------------------------------------------------

class Recording(object):
    """What the scripted recording protocols share: the callbacks of asyncio.BaseProtocol.

    Every callback records its event (after the probes), performs the script's reactions on its own
    transport inside the callback, and completes the event (Session.callback). The id is taken at the
    first connection_made, from the one sequence c1, c2... of stream connections and datagram endpoints.
    Mixed in before the asyncio protocol class, whose callbacks it overrides.
    """

    def __init__(self, session, script, origin):
        self.session = session
        self.script = script
        self.origin = origin
        self.counts = {}
        self.transport = None
        self.made_transport = None
        self.returned = False
        self.returned_transport = None
        self.id = None
        self.lost = False

    def connection_made(self, transport):
        self.transport = transport
        self.made_transport = transport
        if self.id is None:
            self.id = self.session.add_connection(self)
        self.session.callback(self, "connection_made", [], None, _returns_none)

    def pause_writing(self):
        self.session.callback(self, "pause_writing", [], None, _returns_none)

    def resume_writing(self):
        self.session.callback(self, "resume_writing", [], None, _returns_none)

    def connection_lost(self, exc):
        self.lost = True
        self.session.callback(self, "connection_lost", [exc], None, _returns_none)


class RecordingProtocol(Recording, asyncio.Protocol):
    """The scripted recording protocol of client and accepted stream connections.

    eof_received returns the script's eof_returns, or when that is null runs asyncio.Protocol's own
    eof_received.
    """

    def data_received(self, data):
        self.session.callback(self, "data_received", [data], Received(data), _returns_none)

    def eof_received(self):
        eof_returns = self.script.eof_returns
        if eof_returns is None:
            result = super().eof_received  # the default behaviour is itself under test
        else:
            def result():
                return eof_returns
        return self.session.callback(self, "eof_received", [], None, result)


class RecordingDatagramProtocol(Recording, asyncio.DatagramProtocol):
    """The scripted recording protocol of datagram endpoints: datagram_received(data, addr), with addr
    as the loop passed it for $received_address, and error_received(exc)."""

    def datagram_received(self, data, addr):
        self.session.callback(self, "datagram_received", [data, addr], Received(data, addr), _returns_none)

    def error_received(self, exc):
        self.session.callback(self, "error_received", [exc], None, _returns_none)


class RecordingSubprocessProtocol(Recording, asyncio.SubprocessProtocol):
    """The scripted recording protocol of subprocess transports: pipe_data_received(fd, data),
    pipe_connection_lost(fd, exc) and process_exited(). The placeholders are not defined in them."""

    def pipe_data_received(self, fd, data):
        self.session.callback(self, "pipe_data_received", [fd, data], None, _returns_none)

    def pipe_connection_lost(self, fd, exc):
        self.session.callback(self, "pipe_connection_lost", [fd, exc], None, _returns_none)

    def process_exited(self):
        self.session.callback(self, "process_exited", [], None, _returns_none)


def _returns_none():
    return None


# ---------------------------------------------------------------------------------------------------
# Capabilities: each offers request ops (subprocess, tls slot in here)
# ---------------------------------------------------------------------------------------------------

class TcpCapability(object):
    name = "tcp"
    ops = ("create_connection", "create_connection_over_socket", "create_server")


class UdpCapability(object):
    name = "udp"
    ops = ("create_datagram_endpoint",)


class TlsCapability(object):
    name = "tls"
    ops = ()  # create_connection and create_server with a tls field


class SubprocessCapability(object):
    name = "subprocess"
    ops = ("create_subprocess",)


class PipesCapability(object):
    """connect_read_pipe and connect_write_pipe on pipes the driver makes. The TCK opens its end of a
    pipe by a /proc/<pid>/fd/<n> path, so the capability needs Linux's /proc."""
    name = "pipes"
    ops = ("make_pipe", "connect_read_pipe", "connect_write_pipe")

    @staticmethod
    def available():
        return os.path.isdir("/proc/self/fd")


CAPABILITIES = tuple(capability for capability in (TcpCapability, UdpCapability, TlsCapability,
                                                     SubprocessCapability, PipesCapability)
                     if getattr(capability, "available", lambda: True)())

#: The stdin, stdout and stderr names of create_subprocess; "stdout" is for stderr only.
STDIO = {"pipe": subprocess.PIPE, "inherit": None, "devnull": subprocess.DEVNULL, "stdout": subprocess.STDOUT}


# ---------------------------------------------------------------------------------------------------
# The session
# ---------------------------------------------------------------------------------------------------

class Session(object):
    """One event loop of the implementation with its scripted connections and servers."""

    def __init__(self, loop, implementation, description, out):
        self.loop = loop
        self.implementation = implementation
        self.description = description
        self.out = out
        self.seq = 0
        self.running = 0  # callbacks whose own code is running (see CallbackRecorder)
        self.connections = {}  # id -> RecordingProtocol
        self.pipes = {}  # "<id>/<fd>" -> a pipe transport of a subprocess transport
        self.os_pipes = {}  # "p<n>" -> [the loop's end, the TCK's end] of a pipe from make_pipe, fds or None
        self.os_pipe_count = 0
        self.connection_count = 0
        self.servers = {}  # id -> server
        self.server_count = 0
        self.pending = {}  # request id -> (task, cancel_at_close) still to answer
        self.closing = False
        self.close_id = None
        self.capabilities = [capability.name for capability in CAPABILITIES]
        self.ops = {"hello": self.op_hello, "invoke": self.op_invoke, "close": self.op_close}
        for capability in CAPABILITIES:
            for op in capability.ops:
                self.ops[op] = getattr(self, "op_" + op)

    # output

    def send(self, message):
        try:
            line = json.dumps(message, ensure_ascii=True, separators=(",", ":"))
        except (TypeError, ValueError) as e:  # a driver bug: say so rather than die
            log("cannot encode %r: %s" % (message, e))
            line = json.dumps({"type": "protocol_error", "id": message.get("id"),
                               "message": "driver failed to encode a message: %s" % e})
        try:
            self.out.write(line.encode("ascii") + b"\n")
            self.out.flush()
        except (BrokenPipeError, ValueError, OSError):
            log("stdout is gone; exiting")
            os._exit(0)

    def reply(self, request_id, outcome):
        message = {"type": "reply", "id": request_id}
        message.update(outcome)
        self.send(message)

    def protocol_error(self, request_id, text):
        self.send({"type": "protocol_error", "id": request_id, "message": text})

    def event(self, target, origin, callback, args, nanos, concurrent, probes):
        self.seq += 1
        self.send({"type": "event", "seq": self.seq, "target": target, "origin": origin, "callback": callback,
                   "args": [encode_value(arg) for arg in args], "thread": threading.current_thread().name,
                   "nanos": nanos, "concurrent": concurrent, "probes": probes})
        return self.seq

    def complete(self, seq, returned, reactions):
        self.send({"type": "complete", "seq": seq, "returned": encode_value(returned), "reactions": reactions})

    # requests

    def on_line(self, line):
        """One line from stdin (bytes, without its newline). Always answers, never raises."""
        request_id = None
        try:
            try:
                request = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as e:
                raise ProtocolError("the line is not UTF-8: %s" % e)
            except ValueError as e:
                raise ProtocolError("the line is not JSON: %s: %s" % (e, shown(line.decode("utf-8", "replace"))))
            if not isinstance(request, dict):
                raise ProtocolError("a request must be a JSON object, got %s" % shown(request))
            candidate = request.get("id")
            if "id" not in request:
                raise ProtocolError("the request has no 'id'")
            if not _is_int(candidate):
                raise ProtocolError("'id' must be an integer, got %s" % shown(candidate))
            request_id = candidate
            op = request.get("op")
            if not isinstance(op, str):
                raise ProtocolError("'op' must be a string, got %s" % shown(op))
            handler = self.ops.get(op)
            if handler is None:
                raise ProtocolError("unknown op %s" % json.dumps(op))
            if self.closing:
                raise ProtocolError("the session is closing: %s refused" % op)
            handler(request_id, request)
        except ProtocolError as e:
            self.protocol_error(request_id, str(e))
        except Exception as e:
            log("failure while handling %r:\n%s" % (line[:300], traceback.format_exc()))
            if request_id is None:
                self.protocol_error(None, "the driver failed: %r" % e)
            else:
                self.pending.pop(request_id, None)
                self.reply(request_id, {"ok": False, "error": {
                    "kind": "OTHER", "type": type(e).__name__, "message": "the driver failed: %s" % e}})

    def on_eof(self):
        log("stdin closed")
        if not self.closing:
            self.shutdown(None)

    # ops

    def op_hello(self, request_id, request):
        field_int(request, "protocol")
        self.reply(request_id, ok({"protocol": PROTOCOL_VERSION, "implementation": self.implementation,
                                   "capabilities": list(self.capabilities), "description": self.description,
                                   "runtime": runtime()}))

    def op_create_connection(self, request_id, request):
        host, port, script = field_host(request), field_int(request, "port"), parse_script(field(request, "script"))
        factory = self.factory(script, None)
        tls = parse_tls(request.get("tls"), server=False)
        if tls is None:
            coroutine = self.loop.create_connection(factory, host, port)
        else:
            context, server_hostname = tls
            extra = {} if server_hostname is None else {"server_hostname": server_hostname}
            coroutine = self.loop.create_connection(factory, host, port, ssl=context, **extra)
        self.start(request_id, coroutine, self.connection_id)

    def op_create_connection_over_socket(self, request_id, request):
        host, port, script = field_host(request), field_int(request, "port"), parse_script(field(request, "script"))
        factory = self.factory(script, None)
        try:
            sock = socket.create_connection((host, port), timeout=PLAIN_CONNECT_TIMEOUT)
        except Exception as e:
            self.reply(request_id, failed(e))
            return

        def on_failure():
            sock.close()

        self.start(request_id, self.loop.create_connection(factory, sock=sock), self.connection_id, on_failure)

    def op_create_server(self, request_id, request):
        host, port, script = field_host(request), field_int(request, "port"), parse_script(field(request, "script"))
        # The id is taken before the call: connections may be accepted before the reply is sent.
        self.server_count += 1
        server_id = "s%d" % self.server_count

        def registered(server):
            self.servers[server_id] = server
            return server_id

        def on_failure():
            if self.server_count == int(server_id[1:]):
                self.server_count -= 1

        tls = parse_tls(request.get("tls"), server=True)
        extra = {} if tls is None else {"ssl": tls[0]}
        self.start(request_id, self.loop.create_server(self.factory(script, server_id), host, port, **extra),
                   registered, on_failure)

    def op_create_datagram_endpoint(self, request_id, request):
        local, remote = field_address(request, "local"), field_address(request, "remote")
        if local is None and remote is None:
            raise ProtocolError("create_datagram_endpoint needs a local or a remote address, both are null")
        script = parse_script(field(request, "script"))

        def make():
            return RecordingDatagramProtocol(self, script, None)

        self.start(request_id, self.loop.create_datagram_endpoint(make, local_addr=local, remote_addr=remote),
                   self.connection_id)

    def op_create_subprocess(self, request_id, request):
        shell = field(request, "shell")
        if not isinstance(shell, bool):
            raise ProtocolError("field 'shell' must be a boolean, got %s" % shown(shell))
        args = field(request, "args")
        if not isinstance(args, list) or not args or not all(isinstance(arg, str) for arg in args):
            raise ProtocolError("field 'args' must be a non-empty array of strings, got %s" % shown(args))
        if shell and len(args) != 1:
            raise ProtocolError("field 'args' of a shell command must be one command line, got %s" % shown(args))
        stdio = {}
        for name in ("stdin", "stdout", "stderr"):
            value = field(request, name)
            if value not in STDIO or (value == "stdout" and name != "stderr"):
                allowed = '"pipe", "inherit", "devnull"' + (', "stdout"' if name == "stderr" else "")
                raise ProtocolError("field '%s' must be one of %s, got %s" % (name, allowed, shown(value)))
            stdio[name] = STDIO[value]
        script = parse_script(field(request, "script"))

        def make():
            return RecordingSubprocessProtocol(self, script, None)

        if shell:
            coroutine = self.loop.subprocess_shell(make, args[0], **stdio)
        else:
            coroutine = self.loop.subprocess_exec(make, *args, **stdio)
        self.start(request_id, coroutine, self.connection_id)

    def op_make_pipe(self, request_id, request):
        """A new OS pipe; the reply names it and gives the path by which the TCK opens its end
        ("peer": "write" for a pipe the loop will read, "read" for one it will write)."""
        peer = field(request, "peer")
        if peer not in ("read", "write"):
            raise ProtocolError("field 'peer' must be \"read\" or \"write\", got %s" % shown(peer))
        read_fd, write_fd = os.pipe()
        self.os_pipe_count += 1
        pipe_id = "p%d" % self.os_pipe_count
        ends = [write_fd, read_fd] if peer == "read" else [read_fd, write_fd]
        self.os_pipes[pipe_id] = ends
        self.reply(request_id, ok([pipe_id, "/proc/%d/fd/%d" % (os.getpid(), ends[1])]))

    def op_connect_read_pipe(self, request_id, request):
        self.connect_pipe(request_id, request, "rb", self.loop.connect_read_pipe)

    def op_connect_write_pipe(self, request_id, request):
        self.connect_pipe(request_id, request, "wb", self.loop.connect_write_pipe)

    def connect_pipe(self, request_id, request, mode, connect):
        """The loop's end of a make_pipe pipe to connect_read_pipe or connect_write_pipe. The driver's
        copy of the TCK's end is closed first: the TCK has opened its own, and the pipe must end when
        the TCK closes it."""
        pipe_id = field(request, "pipe")
        ends = self.os_pipes.get(pipe_id) if isinstance(pipe_id, str) else None
        if ends is None or ends[0] is None:
            raise ProtocolError("field 'pipe' must name a pipe of make_pipe not yet connected, got %s; this "
                                "session has %s" % (shown(pipe_id), sorted(p for p, e in self.os_pipes.items()
                                                                         if e[0] is not None)))
        script = parse_script(field(request, "script"))
        loop_fd, peer_fd = ends
        ends[0] = ends[1] = None
        os.close(peer_fd)
        pipe = os.fdopen(loop_fd, mode, buffering=0)

        def on_failure():
            pipe.close()

        self.start(request_id, connect(self.factory(script, None), pipe), self.connection_id, on_failure)

    def op_invoke(self, request_id, request):
        target_id = field(request, "target")
        if not isinstance(target_id, str):
            raise ProtocolError("field 'target' must be a string, got %s" % shown(target_id))
        calls = parse_calls(field(request, "calls"), "field 'calls'")
        if target_id in self.connections:
            target, kind = self.connections[target_id].transport, TRANSPORT
        elif target_id in self.pipes:
            target, kind = self.pipes[target_id], TRANSPORT
        elif target_id in self.servers:
            target, kind = self.servers[target_id], SERVER
        else:
            self.reply(request_id, failed(DriverRefusal("UnknownTarget", "unknown target '%s'; this session has %s"
                                                        % (target_id, sorted(self.connections) + sorted(self.pipes)
                                                           + sorted(self.servers)))))
            return
        outcomes = [CallRunner(target, kind, call, None, self).run() for call in calls]
        waits = [(i, outcome.awaitable) for i, outcome in enumerate(outcomes) if isinstance(outcome, Pending)]
        if not waits:
            self.reply(request_id, ok(outcomes))
            return
        futures = []
        for i, awaitable in waits:
            try:
                futures.append((i, asyncio.ensure_future(awaitable, loop=self.loop)))
            except Exception as e:
                outcomes[i] = failed(e)

        async def finish():
            for index, future in futures:
                try:
                    await future
                    outcomes[index] = ok(None)
                except Exception as e:
                    outcomes[index] = failed(e)
            return outcomes

        self.start(request_id, finish(), lambda value: value, cancel_at_close=False)

    def op_close(self, request_id, request):
        self.shutdown(request_id)

    # helpers

    def factory(self, script, origin):
        if script.bare:
            if origin is None:
                raise ProtocolError("script: 'bare' is for create_server only: nothing could name the connection")
            # asyncio.Protocol itself: it overrides no callback and records nothing (rule PR-3)
            return asyncio.Protocol

        def make():
            return RecordingProtocol(self, script, origin)
        return make

    def connection_id(self, result):
        """The id of the connection a create call returned: its protocol's, taken at connection_made, or
        now if the call completed first (which the TCK then sees from the order of this reply and the
        connection_made event: RULES.md, stance S-20)."""
        transport, protocol = result
        protocol.returned = True
        protocol.returned_transport = transport
        if protocol.id is None:
            if protocol.transport is None:
                protocol.transport = transport
            protocol.id = self.add_connection(protocol)
        return protocol.id

    def start(self, request_id, coroutine, value_of, on_failure=None, cancel_at_close=True):
        """Runs coroutine as a task; its reply, when it is done, carries value_of(result) or its error.

        At close, the task is cancelled at once (cancel_at_close), or given the grace period first.
        """
        task = self.loop.create_task(coroutine)
        self.pending[request_id] = (task, cancel_at_close)

        def done(finished):
            if self.pending.pop(request_id, None) is None:
                return  # answered already (at shutdown)
            try:
                if finished.cancelled():
                    raise asyncio.CancelledError("the request was cancelled")
                outcome = ok(value_of(finished.result()))
            except BaseException as e:
                if isinstance(e, (KeyboardInterrupt, SystemExit)):
                    raise
                outcome = failed(e)
                if on_failure is not None:
                    try:
                        on_failure()
                    except Exception:
                        log("cleanup after a failed request failed:\n" + traceback.format_exc())
            self.reply(request_id, outcome)

        task.add_done_callback(done)

    def add_pipe(self, transport, fd, pipe):
        """Registers a subprocess transport's pipe transport as <id>/<fd>; returns that id."""
        for connection_id, protocol in self.connections.items():
            if protocol.transport is transport:
                pipe_id = "%s/%s" % (connection_id, fd)
                self.pipes[pipe_id] = pipe
                return pipe_id
        raise DriverRefusal("UnknownTarget", "get_pipe_transport(%s) on a subprocess transport without an id" % fd)

    def protocol_of(self, transport):
        """The recording protocol whose connection_made received transport, or None."""
        for protocol in self.connections.values():
            if protocol.transport is transport:
                return protocol
        return None

    def add_connection(self, protocol):
        self.connection_count += 1
        connection_id = "c%d" % self.connection_count
        self.connections[connection_id] = protocol
        return connection_id

    # callbacks

    def callback(self, protocol, name, args, received, result):
        """Records one protocol callback and performs its reactions (AbstractRecordingProtocol.callback in
        the TCK). received: a Received for the placeholders, or None."""
        nanos = time.monotonic_ns()
        concurrent = self.running > 0
        self.running += 1
        seq = None
        outcomes = []
        completed = False
        try:
            count = protocol.counts.get(name, 0) + 1
            protocol.counts[name] = count
            transport = protocol.transport
            kind = TRANSPORT if transport is not None else None
            probes = {}
            for probe in protocol.script.probes:
                outcome = CallRunner(transport, kind, probe, None, self).run()
                probes[probe.text()] = outcome["value"] if outcome["ok"] else {"$error": outcome["error"]}
            seq = self.event(protocol.id or "c?", protocol.origin, name, args, nanos, concurrent, probes)
            for reaction in protocol.script.reactions:
                if not reaction.applies_to(name, count):
                    continue
                for call in reaction.calls:
                    if call.method == "raise":
                        message = call.args[0] if call.args else name
                        if not isinstance(message, str):
                            message = describe(message)
                        error = ScriptedError(message)
                        outcomes.append(failed(error))
                        completed = True
                        self.complete(seq, None, outcomes)
                        raise error
                    # a callback nested in the protocol's own call on its transport is not concurrent
                    self.running -= 1
                    try:
                        outcome = CallRunner(transport, kind, call, received, self).run()
                    finally:
                        self.running += 1
                    if isinstance(outcome, Pending):  # only servers give one; never on a transport
                        outcome = ok(None)
                    outcomes.append(outcome)
            returned = result()
            completed = True
            self.complete(seq, returned, outcomes)
            return returned
        except ScriptedError:
            raise
        except Exception:
            log("failure in %s:\n%s" % (name, traceback.format_exc()))
            if seq is not None and not completed:
                self.complete(seq, None, outcomes)
            raise
        finally:
            self.running -= 1

    def exception_handler(self, loop, context):
        """The loop's exception handler: an event on target loop, then asyncio's default handler."""
        try:
            exception = context.get("exception")
            seq = self.event("loop", None, "exception_handler", [context.get("message"), exception],
                             time.monotonic_ns(), self.running > 0, {})
            self.complete(seq, None, [])
        except Exception:
            log("failure in the exception handler:\n" + traceback.format_exc())
        loop.default_exception_handler(context)

    # shutdown

    def shutdown(self, request_id):
        """close (request_id) or stdin's end (None): close servers, abort transports, let the callbacks
        this causes run, answer what is still pending, then stop the loop; main() closes it, replies and
        exits."""
        self.closing = True
        self.close_id = request_id
        for server in list(self.servers.values()):
            try:
                server.close()
            except Exception:
                log("server close failed:\n" + traceback.format_exc())
        for protocol in list(self.connections.values()):
            if not protocol.lost and protocol.transport is not None:
                try:
                    if isinstance(protocol, RecordingSubprocessProtocol):
                        # no abort: close() closes the pipes and kills (SIGKILL) a child still running
                        kill_child(protocol.transport)
                        protocol.transport.close()
                    else:
                        protocol.transport.abort()
                except Exception:
                    log("abort failed:\n" + traceback.format_exc())
        for task, cancel_at_close in list(self.pending.values()):
            if cancel_at_close:
                task.cancel()  # connections and servers still being made
        for ends in self.os_pipes.values():  # pipes made but never connected
            for fd in ends:
                if fd is not None:
                    os.close(fd)
        self.os_pipes.clear()
        self.loop.create_task(self.drain())

    async def drain(self):
        """Lets the callbacks of the aborts run (connection_lost) and the pending replies go out."""
        deadline = time.monotonic() + SHUTDOWN_GRACE
        for _ in range(3):  # the callbacks close and abort scheduled
            await asyncio.sleep(0)
        while time.monotonic() < deadline and (self.pending or any(
                not protocol.lost for protocol in self.connections.values())):
            await asyncio.sleep(0.01)
        for task, _ in list(self.pending.values()):
            task.cancel()
        for _ in range(3):
            await asyncio.sleep(0)
        for request_id in list(self.pending):
            self.pending.pop(request_id)
            self.reply(request_id, {"ok": False, "error": {
                "kind": "OTHER", "type": "SessionClosed", "message": "the session was closed first"}})
        self.reap_children()
        self.loop.stop()

    def reap_children(self):
        """The last resort for children the loop has not reaped in the grace period: SIGKILL by pid (not
        reaped yet, so the pid is still theirs) and a bounded wait, so that none outlives the driver."""
        children = []
        for protocol in self.connections.values():
            if isinstance(protocol, RecordingSubprocessProtocol) and protocol.transport is not None:
                try:
                    if protocol.transport.get_returncode() is None:
                        children.append(protocol.transport.get_pid())
                except Exception:
                    log("cannot tell whether a child is running:\n" + traceback.format_exc())
        for pid in children:
            log("killing child %d, still running at close" % pid)
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        deadline = time.monotonic() + SHUTDOWN_GRACE
        for pid in children:
            while time.monotonic() < deadline:
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    break  # reaped by the loop's watcher meanwhile, or not our child
                if done:
                    break
                time.sleep(0.01)


def kill_child(transport):
    """SIGKILLs a subprocess transport's child unless it has returned; one already gone is not an error."""
    if transport.get_returncode() is None:
        try:
            transport.kill()
        except ProcessLookupError:
            pass


TLS_VERSIONS = {"TLSv1.2": ssl.TLSVersion.TLSv1_2, "TLSv1.3": ssl.TLSVersion.TLSv1_3}


def parse_tls(node, server):
    """The optional tls field of create_connection / create_server (PROTOCOL.md, TLS): None, or
    (ssl.SSLContext, server_hostname or None)."""
    if node is None:
        return None
    if not isinstance(node, dict):
        raise ProtocolError("field 'tls' must be an object or null, got %s" % shown(node))
    for name in ("ca", "cert", "key", "server_hostname", "protocol"):
        if node.get(name) is not None and not isinstance(node.get(name), str):
            raise ProtocolError("field 'tls.%s' must be a string or null, got %s" % (name, shown(node.get(name))))
    if not isinstance(node.get("require_client_cert", False), bool):
        raise ProtocolError("field 'tls.require_client_cert' must be a boolean")
    if (node.get("cert") is None) != (node.get("key") is None):
        raise ProtocolError("fields 'tls.cert' and 'tls.key' go together")
    protocol = node.get("protocol")
    if protocol is not None and protocol not in TLS_VERSIONS:
        raise ProtocolError("field 'tls.protocol' must be one of %s or null, got %s"
                            % (", ".join(sorted(TLS_VERSIONS)), shown(protocol)))
    if server:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        if node.get("require_client_cert"):
            context.verify_mode = ssl.CERT_REQUIRED
    else:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # CERT_REQUIRED and check_hostname
        if node.get("server_hostname") == "":
            context.check_hostname = False
    if node.get("ca") is not None:
        context.load_verify_locations(cafile=node["ca"])
    if node.get("cert") is not None:
        context.load_cert_chain(node["cert"], node["key"])
    if protocol is not None:
        context.minimum_version = context.maximum_version = TLS_VERSIONS[protocol]
    return context, node.get("server_hostname")


def field(request, name):
    if name not in request:
        raise ProtocolError("field '%s' is missing" % name)
    return request[name]


def field_int(request, name):
    value = field(request, name)
    if not _is_int(value):
        raise ProtocolError("field '%s' must be an integer, got %s" % (name, shown(value)))
    return value


def field_address(request, name):
    """An $address field as (host, port), or None for null."""
    value = field(request, name)
    if value is None:
        return None
    if not isinstance(value, dict) or list(value) != ["$address"]:
        raise ProtocolError("field '%s' must be an $address or null, got %s" % (name, shown(value)))
    return decode_value(value, "field '%s'" % name)


def field_host(request):
    value = field(request, "host")
    if value is not None and not isinstance(value, str):
        raise ProtocolError("field 'host' must be a string, got %s" % shown(value))
    return value


# ---------------------------------------------------------------------------------------------------
# stdin and main
# ---------------------------------------------------------------------------------------------------

def read_stdin(loop, session, fd=0):
    """The reader thread: every line of fd (the protocol's input) to the loop, in order; then the end of
    input."""
    buffered = b""
    try:
        while True:
            try:
                chunk = os.read(fd, 65536)
            except InterruptedError:
                continue
            except OSError as e:
                log("reading stdin failed: %s" % e)
                chunk = b""
            if not chunk:
                break
            buffered += chunk
            while True:
                end = buffered.find(b"\n")
                if end < 0:
                    break
                line, buffered = buffered[:end], buffered[end + 1:]
                loop.call_soon_threadsafe(session.on_line, line)
        if buffered.strip():
            loop.call_soon_threadsafe(session.on_line, buffered)  # a last line without its newline
        loop.call_soon_threadsafe(session.on_eof)
    except RuntimeError:
        pass  # the loop is closed: the program is ending


def protect_protocol_streams():
    """Moves the protocol's stdin and stdout off fds 0 and 1 (to non-inheritable copies) and returns them
    (the input fd and a binary output file). A child started with stdin or stdout "inherit" then gets
    /dev/null as stdin and the driver's stderr as stdout: it can neither read requests nor write into the
    protocol, and its output lands in the driver's diagnostics."""
    protocol_in = os.dup(0)
    protocol_out = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    try:
        os.dup2(devnull, 0)
    finally:
        os.close(devnull)
    os.dup2(2, 1)
    return protocol_in, os.fdopen(protocol_out, "wb")


def runtime():
    """The Python that runs the driver, as known-failure entries name it: cpython-3.11.2, pypy-3.9.16."""
    return "%s-%s" % (platform.python_implementation().lower(), platform.python_version())


def _major_minor(version):
    return ".".join(str(version).split(".")[:2])


def _module_version(module_name):
    """The installed version of a loop's top-level module, or None."""
    module = sys.modules.get(module_name)
    version = getattr(module, "__version__", None)
    if version is None:
        try:
            from importlib import metadata
            version = metadata.version(module_name)
        except Exception:
            version = None
    return version


def _fail(message):
    sys.stderr.write("asyncio_driver: --loop %s\n" % message)
    sys.exit(2)


def make_loop(spec, name=None):
    """The loop under test, its report name and its description; exits with status 2 if it cannot be made.

    spec is asyncio (the standard library's default loop), uvloop, or MODULE:CALLABLE for any other
    asyncio-compatible loop: the callable returns an event loop, or an event loop policy whose
    new_event_loop() makes one (gbulb:GLibEventLoopPolicy). The report name is the loop's module, its
    version (major.minor) when it has one, and the runtime (asyncio-cpython-3.11, uvloop-0.17-cpython-3.11,
    asyncio-pypy-3.9), so that runs of different loops and runtimes never share a report folder; name
    overrides it.
    """
    python = "%s %s" % (platform.python_implementation(), platform.python_version())
    runtime_short = "%s-%s" % (platform.python_implementation().lower(), _major_minor(platform.python_version()))
    if spec == "asyncio":
        loop = asyncio.new_event_loop()
        module, version = "asyncio", None
    else:
        module, _, attribute = ("uvloop", ":", "new_event_loop") if spec == "uvloop" else spec.partition(":")
        if not module or not attribute:
            _fail("%s: expected asyncio, uvloop or MODULE:CALLABLE" % spec)
        try:
            target = __import__(module, fromlist=["_"])
            for part in attribute.split("."):
                target = getattr(target, part)
        except (ImportError, AttributeError) as e:
            _fail("%s: cannot be imported by %s (%s): %s" % (spec, sys.executable, python, e))
        try:
            made = target()
        except Exception as e:
            _fail("%s: calling it failed: %r" % (spec, e))
        if isinstance(made, asyncio.AbstractEventLoop):
            loop = made
        elif hasattr(made, "new_event_loop"):
            asyncio.set_event_loop_policy(made)
            loop = made.new_event_loop()
        else:
            _fail("%s: made %r, neither an event loop nor a policy" % (spec, made))
        module = module.split(".")[0]
        version = _module_version(module)
    report = name or "-".join(part for part in (module, _major_minor(version) if version else None, runtime_short) if part)
    description = "%s %s%s (%s.%s)" % (python, module, " " + str(version) if version else "",
                                       type(loop).__module__, type(loop).__name__)
    return loop, report, description


def main(argv=None):
    parser = argparse.ArgumentParser(description="The asyncio TCK's driver for asyncio-compatible event loops.")
    parser.add_argument("--loop", default="asyncio",
                        help="the event loop under test: asyncio (the default: the standard library's), uvloop, or "
                             "MODULE:CALLABLE, a callable that returns an event loop or an event loop policy")
    parser.add_argument("--name", help="the report name (default: the loop, its version and the runtime, "
                                       "such as uvloop-0.17-cpython-3.11)")
    options = parser.parse_args(argv)
    loop, implementation, description = make_loop(options.loop, options.name)
    asyncio.set_event_loop(loop)
    protocol_in, protocol_out = protect_protocol_streams()
    session = Session(loop, implementation, description, protocol_out)
    loop.set_exception_handler(session.exception_handler)
    reader = threading.Thread(target=read_stdin, args=(loop, session, protocol_in), name="stdin-reader",
                              daemon=True)
    reader.start()
    status = 0
    try:
        loop.run_forever()
    except KeyboardInterrupt:
        status = 130
    except BaseException:
        log("the event loop failed:\n" + traceback.format_exc())
        status = 1
    try:
        loop.close()
    except Exception:
        log("closing the loop failed:\n" + traceback.format_exc())
    if session.close_id is not None:
        session.reply(session.close_id, ok(None))
    try:
        protocol_out.flush()
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    # os._exit: the reader thread may be blocked in read(); nothing else is left to clean up.
    os._exit(status)


if __name__ == "__main__":
    main()
