"""Tests of asyncio_driver.py: the driver runs as a child process and is spoken to in its line protocol.

    python3 -m unittest discover -s drivers/python -v

The driver runs under the interpreter that runs the tests (sys.executable). The uvloop tests run when
that interpreter can import uvloop and are skipped otherwise. Every wait is bounded; ordering is
checked on the message stream, never with sleeps.
"""

import base64
import json
import os
import platform
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import unittest

DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "asyncio_driver.py")

#: Seconds any single wait may take.
TIMEOUT = 10.0

PASSIVE = {"reactions": [], "eof_returns": None, "probes": []}

NOT_UTF8 = b"\xff\xfe\x00\x80 not \xc3\x28 utf-8 \xed\xa0\x80"


def uvloop_importable():
    try:
        import uvloop  # noqa: F401
        return True
    except ImportError:
        return False


def b64(data):
    return {"$bytes": base64.b64encode(data).decode("ascii")}


def unb64(value):
    return base64.b64decode(value["$bytes"])


def call(method, *args):
    return {"method": method, "args": list(args)}


def script(reactions=(), eof_returns=None, probes=()):
    return {"reactions": list(reactions), "eof_returns": eof_returns, "probes": list(probes)}


def reaction(callback, occurrence, *calls):
    return {"callback": callback, "occurrence": occurrence, "calls": list(calls)}


class DriverProcess(object):
    """The driver as a child process: send requests, read its lines (all kept in self.log, in order)."""

    def __init__(self, loop="asyncio", env=None, extra=()):
        self.proc = subprocess.Popen([sys.executable, DRIVER, "--loop", loop] + list(extra), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.lines = queue.Queue()
        self.log = []
        self.unread = []
        self.stderr_chunks = []
        self.next_id = 0
        threading.Thread(target=self._read_stdout, daemon=True).start()
        self.stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self.stderr_reader.start()

    def _read_stdout(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def _read_stderr(self):
        for chunk in self.proc.stderr:
            self.stderr_chunks.append(chunk)

    def stderr(self):
        """What the driver wrote to stderr so far; all of it once the driver has exited."""
        if self.proc.poll() is not None:
            # The reader thread may still be draining the pipe: wait for its end of file.
            self.stderr_reader.join(timeout=TIMEOUT)
        return b"".join(self.stderr_chunks).decode("utf-8", "replace")

    # sending

    def send_line(self, data):
        self.proc.stdin.write(data + b"\n")
        self.proc.stdin.flush()

    def send(self, op, **fields):
        self.next_id += 1
        request = {"id": self.next_id, "op": op}
        request.update(fields)
        self.send_line(json.dumps(request).encode("utf-8"))
        return self.next_id

    # receiving

    def _next_line(self):
        try:
            line = self.lines.get(timeout=TIMEOUT)
        except queue.Empty:
            raise AssertionError("no line from the driver within %ss; so far:\n%s\nstderr:\n%s"
                                 % (TIMEOUT, self.shown(), self.stderr()))
        if line is None:
            self.lines.put(None)  # stays at the end
            raise AssertionError("the driver closed stdout; so far:\n%s\nstderr:\n%s"
                                 % (self.shown(), self.stderr()))
        try:
            message = json.loads(line.decode("utf-8"))
        except ValueError:
            raise AssertionError("not a JSON line on stdout: %r" % line)
        self.log.append(message)
        return message

    def wait_for(self, predicate, what):
        """The first unread message that matches (the ones before it stay unread for later waits)."""
        for i, message in enumerate(self.unread):
            if predicate(message):
                del self.unread[i]
                return message
        while True:
            try:
                message = self._next_line()
            except AssertionError as e:
                raise AssertionError("waiting for %s: %s" % (what, e))
            if predicate(message):
                return message
            self.unread.append(message)

    def reply(self, request_id):
        return self.wait_for(lambda m: m.get("type") in ("reply", "protocol_error") and m.get("id") == request_id,
                             "the answer to request %d" % request_id)

    def request(self, op, **fields):
        """Sends a request and returns its successful reply's value."""
        answer = self.reply(self.send(op, **fields))
        if answer.get("type") != "reply" or not answer.get("ok"):
            raise AssertionError("request %s failed: %s" % (op, answer))
        return answer["value"]

    def event(self, target, callback):
        return self.wait_for(lambda m: m.get("type") == "event" and m["target"] == target
                             and m["callback"] == callback, "event %s %s" % (target, callback))

    def complete(self, seq):
        return self.wait_for(lambda m: m.get("type") == "complete" and m["seq"] == seq, "complete %d" % seq)

    def position(self, predicate):
        for i, message in enumerate(self.log):
            if predicate(message):
                return i
        raise AssertionError("no such message in:\n" + self.shown())

    def shown(self):
        return "\n".join(json.dumps(m)[:300] for m in self.log)

    # ending

    def wait_exit(self):
        try:
            return self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=TIMEOUT)
            raise AssertionError("the driver did not exit within %ss; stderr:\n%s" % (TIMEOUT, self.stderr()))

    def close(self):
        """The close request: its reply is null and the driver exits with 0."""
        answer = self.reply(self.send("close"))
        assert answer == {"type": "reply", "id": answer["id"], "ok": True, "value": None}, answer
        return self.wait_exit()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=TIMEOUT)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except OSError:
                pass


class Peer(object):
    """A plain listening socket of the test: the other end of the driver's client connections."""

    def __init__(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.listener.settimeout(TIMEOUT)
        self.port = self.listener.getsockname()[1]
        self.accepted = []

    def accept(self):
        sock, _ = self.listener.accept()
        sock.settimeout(TIMEOUT)
        self.accepted.append(sock)
        return sock

    def close(self):
        for sock in self.accepted + [self.listener]:
            sock.close()


def recv_exactly(sock, size):
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


class DriverTests(object):
    """The scenarios, run by the subclasses below with one loop each."""

    LOOP = None
    IMPLEMENTATION = None

    def setUp(self):
        self.driver = DriverProcess(self.LOOP)
        self.peer = Peer()
        self.addCleanup(self.peer.close)
        self.addCleanup(self.driver.kill)

    def hello(self):
        return self.driver.request("hello", protocol=1)

    def connect(self, client_script=PASSIVE):
        """A client connection to the peer: its id and the peer's socket."""
        request_id = self.driver.send("create_connection", host="127.0.0.1", port=self.peer.port,
                                      script=client_script)
        sock = self.peer.accept()
        answer = self.driver.reply(request_id)
        self.assertTrue(answer["ok"], answer)
        return answer["value"], sock

    def invoke(self, target, *calls):
        return self.driver.request("invoke", target=target, calls=list(calls))

    # hello, close, end of input

    def test_hello(self):
        value = self.hello()
        self.assertEqual(1, value["protocol"])
        self.assertEqual(self.IMPLEMENTATION, value["implementation"])
        self.assertEqual(["tcp", "udp", "tls", "subprocess", "pipes"], value["capabilities"])
        self.assertIn("%d.%d.%d" % sys.version_info[:3], value["description"])
        self.assertEqual("%s-%s" % (platform.python_implementation().lower(), platform.python_version()), value["runtime"])
        self.assertEqual(0, self.driver.close())

    def test_close_exits_with_status_0(self):
        self.hello()
        self.assertEqual(0, self.driver.close())
        self.assertEqual("reply", self.driver.log[-1]["type"])

    def test_stdin_end_exits(self):
        self.hello()
        cid, sock = self.connect()
        self.driver.proc.stdin.close()
        self.assertEqual(0, self.driver.wait_exit())
        self.assertEqual(b"", sock.recv(1))  # the connection was aborted

    def test_close_aborts_open_connections_and_reports_connection_lost_first(self):
        self.hello()
        cid, sock = self.connect()
        self.assertEqual(0, self.driver.close())
        lost = self.driver.position(lambda m: m.get("type") == "event" and m["callback"] == "connection_lost")
        self.assertEqual([None], self.driver.log[lost]["args"])
        self.assertEqual(len(self.driver.log) - 1, self.driver.position(
            lambda m: m.get("type") == "reply" and m["value"] is None and m["id"] == self.driver.next_id))
        self.assertLess(lost, len(self.driver.log) - 1)

    # malformed input

    def test_malformed_lines_are_protocol_errors_and_the_driver_keeps_serving(self):
        self.hello()
        bad_lines = [
            (b"garbage", None),
            (b"[]", None),
            (b"", None),
            (b"\xff\xfe not utf-8", None),
            (b'{"op": "hello", "protocol": 1}', None),
            (b'{"id": "7", "op": "hello", "protocol": 1}', None),
            (b'{"id": true, "op": "hello", "protocol": 1}', None),
            (b'{"id": 101, "op": "no_such_op"}', 101),
            (b'{"id": 102}', 102),
            (b'{"id": 103, "op": "hello"}', 103),
            (b'{"id": 104, "op": "create_connection", "host": "127.0.0.1", "port": "80", "script": {}}', 104),
            (b'{"id": 105, "op": "create_server", "host": "127.0.0.1", "port": 0}', 105),
            (b'{"id": 106, "op": "invoke", "target": "c1", "calls": [{"method": "write", '
             b'"args": [{"$strange": 1}]}]}', 106),
            (b'{"id": 107, "op": "invoke", "target": "c1", "calls": [{"method": "write", '
             b'"args": [{"$bytes": "not base64!"}]}]}', 107),
            (b'{"id": 108, "op": "invoke", "target": "c1", "calls": "write"}', 108),
            (b'{"id": 110, "op": "create_server", "host": "127.0.0.1", "port": 0, "script": '
             b'{"reactions": [{"callback": "data_received", "occurrence": -1, "calls": []}]}}', 110),
            (b'{"id": 111, "op": "create_datagram_endpoint", "local": null, "remote": null, "script": {}}', 111),
            (b'{"id": 112, "op": "create_datagram_endpoint", "local": ["127.0.0.1", 0], "remote": null, '
             b'"script": {}}', 112),
            (b'{"id": 113, "op": "create_datagram_endpoint", "local": {"$address": ["127.0.0.1"]}, '
             b'"remote": null, "script": {}}', 113),
            (b'{"id": 114, "op": "create_datagram_endpoint", "local": {"$address": ["127.0.0.1", 0]}, '
             b'"script": {}}', 114),
            (b'{"id": 115, "op": "invoke", "target": "c1", "calls": [{"method": "sendto", '
             b'"args": [{"$received_address": 1}]}]}', 115),
        ]
        for line, expected_id in bad_lines:
            with self.subTest(line=line):
                self.driver.send_line(line)
                message = self.driver.wait_for(lambda m: m.get("type") in ("reply", "protocol_error"), "an answer to %r" % line)
                self.assertEqual("protocol_error", message["type"], message)
                self.assertEqual(expected_id, message["id"])
                self.assertIsInstance(message["message"], str)
                self.assertTrue(message["message"])
        self.assertEqual(self.IMPLEMENTATION, self.hello()["implementation"])
        self.assertEqual(0, self.driver.close())

    # a round trip over a client connection

    def test_round_trip(self):
        self.hello()
        request_id = self.driver.send("create_connection", host="127.0.0.1", port=self.peer.port, script=PASSIVE)
        sock = self.peer.accept()
        made = self.driver.event("c1", "connection_made")
        complete = self.driver.complete(made["seq"])
        answer = self.driver.reply(request_id)
        self.assertEqual({"type": "reply", "id": request_id, "ok": True, "value": "c1"}, answer)
        # connection_made, its completion, then the reply
        self.assertEqual([made, complete, answer], self.driver.log[-3:])
        self.assertEqual(1, made["seq"])
        self.assertIsNone(made["origin"])
        self.assertEqual([], made["args"])
        self.assertFalse(made["concurrent"])
        self.assertEqual({}, made["probes"])
        self.assertIsInstance(made["nanos"], int)
        self.assertIsInstance(made["thread"], str)
        self.assertEqual({"type": "complete", "seq": 1, "returned": None, "reactions": []}, complete)

        outcomes = self.invoke("c1", call("write", b64(NOT_UTF8)))
        self.assertEqual([{"ok": True, "value": None}], outcomes)
        self.assertEqual(NOT_UTF8, recv_exactly(sock, len(NOT_UTF8)))

        sock.sendall(NOT_UTF8)
        received = b""
        while len(received) < len(NOT_UTF8):
            event = self.driver.event("c1", "data_received")
            self.assertFalse(event["concurrent"])
            received += unb64(event["args"][0])
        self.assertEqual(NOT_UTF8, received)
        self.assertEqual(0, self.driver.close())

    def test_invoke_on_an_unknown_target_is_a_failed_reply(self):
        self.hello()
        answer = self.driver.reply(self.driver.send("invoke", target="c9", calls=[call("close")]))
        self.assertEqual("reply", answer["type"])
        self.assertFalse(answer["ok"])
        self.assertEqual({"kind": "OTHER", "type": "UnknownTarget"},
                         {k: answer["error"][k] for k in ("kind", "type")})
        self.assertEqual(0, self.driver.close())

    def test_calls_and_their_outcomes(self):
        self.hello()
        cid, sock = self.connect()
        outcomes = self.invoke(
            cid,
            call("get_extra_info", "peername"),
            call("get_extra_info", "sockname"),
            call("get_extra_info", "socket"),
            call("get_extra_info", "no-such-information", "fallback"),
            call("get_extra_info", "no-such-information"),
            call("can_write_eof"),
            call("get_write_buffer_size"),
            call("set_write_buffer_limits", 1000, None),
            call("get_write_buffer_limits"),
            call("set_write_buffer_limits", 10, 20),
            call("write", "text is not bytes"),
            call("no_such_method"),
            call("server_close"),
            call("write", {"$received_data": True}),
            call("write"),
            call("set_write_buffer_limits", {"$buffer_size_plus": 100}),
            call("get_write_buffer_limits"),
        )
        peer_address = sock.getpeername()
        self.assertEqual({"ok": True, "value": {"$address": list(sock.getsockname())}}, outcomes[0])
        self.assertEqual({"ok": True, "value": {"$address": list(peer_address)}}, outcomes[1])
        self.assertTrue(outcomes[2]["ok"])
        # asyncio's TransportSocket, uvloop's PseudoSocket: each a socket
        self.assertEqual("socket", outcomes[2]["value"]["$opaque"]["kind"])
        self.assertEqual({"ok": True, "value": "fallback"}, outcomes[3])
        self.assertEqual({"ok": True, "value": None}, outcomes[4])
        self.assertEqual({"ok": True, "value": True}, outcomes[5])
        self.assertEqual({"ok": True, "value": 0}, outcomes[6])
        self.assertEqual({"ok": True, "value": None}, outcomes[7])
        self.assertEqual({"ok": True, "value": [250, 1000]}, outcomes[8])
        self.assertEqual("INVALID_VALUE", outcomes[9]["error"]["kind"])
        self.assertEqual("INVALID_TYPE", outcomes[10]["error"]["kind"])
        self.assertEqual("TypeError", outcomes[10]["error"]["type"])
        for index in (11, 12):
            self.assertEqual("OTHER", outcomes[index]["error"]["kind"])
            self.assertEqual("UnknownMethod", outcomes[index]["error"]["type"])
        for index in (13, 14):
            self.assertEqual("OTHER", outcomes[index]["error"]["kind"])
            self.assertEqual("ScriptError", outcomes[index]["error"]["type"])
        self.assertEqual({"ok": True, "value": None}, outcomes[15])
        self.assertEqual({"ok": True, "value": [25, 100]}, outcomes[16])
        self.assertEqual(0, self.driver.close())

    def test_current_thread_names_the_thread_that_runs_the_loop_on_any_target(self):
        self.hello()
        cid, sock = self.connect()
        made = self.driver.event(cid, "connection_made")
        self.assertEqual("s1", self.driver.request("create_server", host="127.0.0.1", port=0, script=PASSIVE))
        self.assertEqual("c2", self.driver.request("create_datagram_endpoint", local={"$address": ["127.0.0.1", 0]},
                                                   remote=None, script=PASSIVE))
        answers = [self.invoke(target, call("current_thread"))[0] for target in (cid, "s1", "c2")]
        self.assertEqual([{"ok": True, "value": made["thread"]}] * 3, answers)
        # the thread that runs the loop, not the one that reads stdin
        self.assertNotEqual("stdin-reader", made["thread"])
        self.assertEqual(0, self.driver.close())

    def test_returned_pair_says_whether_the_call_returned_the_transport_connection_made_received(self):
        self.hello()
        cid, sock = self.connect()
        self.driver.event(cid, "connection_made")
        self.assertEqual("s1", self.driver.request("create_server", host="127.0.0.1", port=0, script=PASSIVE))
        answers = [self.invoke(target, call("returned_pair"))[0] for target in (cid, "s1")]
        # asyncio returns the transport it gave connection_made; a server is no connection
        self.assertEqual([{"ok": True, "value": "same"}, {"ok": True, "value": None}], answers)
        self.assertEqual(0, self.driver.close())

    def test_writelines_builds_each_shape(self):
        self.hello()
        cid, sock = self.connect()
        expected = b""
        calls = []
        for shape in ("list", "tuple", "generator"):
            items = [shape.encode() + b"-1|", b"\x00\xff|"]
            expected += b"".join(items)
            calls.append(call("writelines", {"$sequence": {"shape": shape, "items": [b64(i) for i in items]}}))
        self.assertEqual([{"ok": True, "value": None}] * 3, self.invoke(cid, *calls))
        self.assertEqual(expected, recv_exactly(sock, len(expected)))
        self.assertEqual(0, self.driver.close())

    def test_refused_connection_is_an_os_error(self):
        self.hello()
        port = self.peer.port
        self.peer.close()
        for op in ("create_connection", "create_connection_over_socket"):
            answer = self.driver.reply(self.driver.send(op, host="127.0.0.1", port=port, script=PASSIVE))
            self.assertEqual("reply", answer["type"])
            self.assertFalse(answer["ok"])
            self.assertEqual("OS_ERROR", answer["error"]["kind"], answer)
        self.assertEqual(0, self.driver.close())

    def test_create_connection_over_socket(self):
        self.hello()
        request_id = self.driver.send("create_connection_over_socket", host="127.0.0.1", port=self.peer.port,
                                      script=script(probes=[call("get_extra_info", "peername")]))
        sock = self.peer.accept()
        self.assertEqual("c1", self.driver.reply(request_id)["value"])
        made = self.driver.event("c1", "connection_made")
        self.assertEqual({"get_extra_info('peername')": {"$address": list(sock.getsockname())}}, made["probes"])
        self.assertEqual([{"ok": True, "value": None}], self.invoke("c1", call("write", b64(b"over"))))
        self.assertEqual(b"over", recv_exactly(sock, 4))
        self.assertEqual(0, self.driver.close())

    # scripts: probes, reactions, eof_received, raise

    def test_server_connections_echo_with_reactions_and_probes(self):
        self.hello()
        echo = script(reactions=[reaction("data_received", 0, call("write", {"$received_data": True}))],
                      probes=[call("get_write_buffer_size"), call("no_such_probe", "x", 1, None)])
        self.assertEqual("s1", self.driver.request("create_server", host="127.0.0.1", port=0, script=echo))
        addresses = self.invoke("s1", call("server_addresses"))[0]["value"]
        self.assertEqual(1, len(addresses))
        host, port = addresses[0]["$address"]
        self.assertEqual("127.0.0.1", host)

        client = socket.create_connection((host, port), timeout=TIMEOUT)
        self.addCleanup(client.close)
        made = self.driver.event("c1", "connection_made")
        self.assertEqual("s1", made["origin"])
        self.assertEqual(0, made["probes"]["get_write_buffer_size()"])
        error = made["probes"]["no_such_probe('x', 1, null)"]["$error"]
        self.assertEqual(("OTHER", "UnknownMethod"), (error["kind"], error["type"]))

        client.sendall(NOT_UTF8)
        self.assertEqual(NOT_UTF8, recv_exactly(client, len(NOT_UTF8)))
        data = self.driver.event("c1", "data_received")
        self.assertEqual([{"ok": True, "value": None}], self.driver.complete(data["seq"])["reactions"])

        # Since 3.12 wait_closed() also waits for the server's connections: the reply waits for it.
        waiting = self.driver.send("invoke", target="s1", calls=[
            call("server_close"), call("server_wait_closed"), call("server_addresses")])
        self.assertEqual([{"ok": True, "value": None}], self.invoke("c1", call("close")))
        self.assertEqual({"type": "reply", "id": waiting, "ok": True, "value": [
            {"ok": True, "value": None}, {"ok": True, "value": None}, {"ok": True, "value": []}]},
            self.driver.reply(waiting))
        self.assertEqual(0, self.driver.close())

    def test_a_bare_server_protocol_overrides_nothing_and_records_nothing(self):
        self.hello()
        bare = dict(PASSIVE, bare=True)
        self.assertEqual("s1", self.driver.request("create_server", host="127.0.0.1", port=0, script=bare))
        port = self.invoke("s1", call("server_addresses"))[0]["value"][0]["$address"][1]
        client = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.addCleanup(client.close)
        client.sendall(b"read by asyncio.Protocol")
        client.shutdown(socket.SHUT_WR)
        self.assertEqual(b"", client.recv(1))  # its default eof_received() closed the connection
        self.assertFalse([line for line in self.driver.log if line.get("type") == "event" and line.get("origin") == "s1"])
        refused = self.driver.send("create_connection", host="127.0.0.1", port=port, script=bare)
        self.assertEqual("protocol_error", self.driver.reply(refused)["type"])
        self.assertEqual(0, self.driver.close())

    def test_close_answers_a_pending_server_wait_closed_first(self):
        self.hello()
        self.assertEqual("s1", self.driver.request("create_server", host="127.0.0.1", port=0, script=PASSIVE))
        port = self.invoke("s1", call("server_addresses"))[0]["value"][0]["$address"][1]
        client = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.addCleanup(client.close)
        self.driver.event("c1", "connection_made")
        waiting = self.driver.send("invoke", target="s1", calls=[call("server_close"), call("server_wait_closed")])
        self.assertEqual(0, self.driver.close())
        answer = self.driver.reply(waiting)
        self.assertEqual("reply", answer["type"])
        self.assertLess(self.driver.log.index(answer), len(self.driver.log) - 1)

    def test_eof_received_default_closes_the_transport(self):
        self.hello()
        cid, sock = self.connect()
        sock.shutdown(socket.SHUT_WR)
        eof = self.driver.event(cid, "eof_received")
        self.assertIsNone(self.driver.complete(eof["seq"])["returned"])
        self.assertEqual([None], self.driver.event(cid, "connection_lost")["args"])
        self.assertEqual(b"", sock.recv(1))
        self.assertEqual(0, self.driver.close())

    def test_eof_received_returning_true_keeps_the_transport_writable(self):
        self.hello()
        cid, sock = self.connect(script(eof_returns=True))
        sock.shutdown(socket.SHUT_WR)
        eof = self.driver.event(cid, "eof_received")
        self.assertIs(True, self.driver.complete(eof["seq"])["returned"])
        self.assertEqual([{"ok": True, "value": None}], self.invoke(cid, call("write", b64(b"still"))))
        self.assertEqual(b"still", recv_exactly(sock, 5))
        self.assertEqual(0, self.driver.close())

    def test_raise_reaches_the_exception_handler(self):
        self.hello()
        cid, sock = self.connect(script(reactions=[
            reaction("data_received", 1, call("raise", "scripted failure"), call("write", b64(b"never")))]))
        sock.sendall(b"x")
        data = self.driver.event(cid, "data_received")
        failure = {"kind": "OTHER", "type": "ScriptedError", "message": "scripted failure"}
        self.assertEqual([{"ok": False, "error": failure}], self.driver.complete(data["seq"])["reactions"])
        handler = self.driver.event("loop", "exception_handler")
        self.assertIsInstance(handler["args"][0], str)
        self.assertEqual({"$error": failure}, handler["args"][1])
        self.assertIsNone(handler["origin"])
        self.assertFalse(handler["concurrent"])
        self.assertEqual({"type": "complete", "seq": handler["seq"], "returned": None, "reactions": []},
                         self.driver.complete(handler["seq"]))
        self.assertEqual(0, self.driver.close())
        self.assertIn("scripted failure", self.driver.stderr())  # the default handler ran too

    def test_pause_writing_inside_a_reaction_is_nested_not_concurrent(self):
        self.hello()
        cid, sock = self.connect(script(reactions=[
            reaction("data_received", 1, call("set_write_buffer_limits", 0, None), call("get_write_buffer_size"))]))
        # Fill the kernel's buffers (the peer does not read) until the transport keeps data buffered
        # across loop iterations (uvloop counts a write in flight until libuv completes it).
        self.invoke(cid, call("set_write_buffer_limits", 1 << 30, None))
        chunk = b64(b"\x00" * (1 << 20))
        for _ in range(64):
            self.invoke(cid, call("write", chunk))
            if self.invoke(cid, call("get_write_buffer_size"))[0]["value"] > 0:
                break
        else:
            self.fail("the write buffer stayed empty")
        sock.sendall(b"go")
        data = self.driver.event(cid, "data_received")
        pause = self.driver.event(cid, "pause_writing")
        self.assertEqual(data["seq"] + 1, pause["seq"])
        self.assertFalse(data["concurrent"])
        self.assertFalse(pause["concurrent"])
        pause_complete = self.driver.complete(pause["seq"])
        data_complete = self.driver.complete(data["seq"])
        log = self.driver.log
        self.assertLess(log.index(data), log.index(pause))
        self.assertLess(log.index(pause), log.index(pause_complete))
        self.assertLess(log.index(pause_complete), log.index(data_complete))
        self.assertEqual({"ok": True, "value": None}, data_complete["reactions"][0])
        self.assertGreater(data_complete["reactions"][1]["value"], 0)
        self.assertEqual(0, self.driver.close())

    # datagram endpoints

    def udp_socket(self):
        """A plain UDP socket of the test on 127.0.0.1, closed at the end of the test."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.addCleanup(sock.close)
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(TIMEOUT)
        return sock

    def datagram_endpoint(self, local=None, remote=None, endpoint_script=PASSIVE):
        """A datagram endpoint of the driver (local and remote as (host, port) or None): its id."""
        fields = {"local": None if local is None else {"$address": list(local)},
                  "remote": None if remote is None else {"$address": list(remote)},
                  "script": endpoint_script}
        return self.driver.request("create_datagram_endpoint", **fields)

    def sockname(self, target):
        return tuple(self.invoke(target, call("get_extra_info", "sockname"))[0]["value"]["$address"])

    def test_datagram_round_trip_with_a_plain_socket(self):
        self.hello()
        plain = self.udp_socket()
        echo = script(reactions=[reaction("datagram_received", 0,
                                          call("sendto", {"$received_data": True}, {"$received_address": True}))],
                      probes=[call("get_extra_info", "peername")])
        self.assertEqual("c1", self.datagram_endpoint(local=("127.0.0.1", 0), endpoint_script=echo))
        made = self.driver.event("c1", "connection_made")
        self.assertEqual({"get_extra_info('peername')": None}, made["probes"])  # not connected
        endpoint = self.sockname("c1")

        plain.sendto(NOT_UTF8, endpoint)
        received = self.driver.event("c1", "datagram_received")
        self.assertEqual([b64(NOT_UTF8), {"$address": list(plain.getsockname())}], received["args"])
        self.assertFalse(received["concurrent"])
        self.assertEqual([{"ok": True, "value": None}], self.driver.complete(received["seq"])["reactions"])
        self.assertEqual((NOT_UTF8, endpoint), plain.recvfrom(65536))

        # An empty datagram is received as one. (Whether sendto(b"") sends one is implementation-specific.)
        plain.sendto(b"", endpoint)
        self.assertEqual([b64(b""), {"$address": list(plain.getsockname())}],
                         self.driver.event("c1", "datagram_received")["args"])
        self.assertEqual(0, self.driver.close())
        self.assertEqual([None], self.driver.event("c1", "connection_lost")["args"])

    def test_sendto_with_and_without_an_address(self):
        self.hello()
        plain, other = self.udp_socket(), self.udp_socket()
        self.assertEqual("c1", self.datagram_endpoint(remote=plain.getsockname()))
        self.assertEqual("c2", self.datagram_endpoint(local=("127.0.0.1", 0)))
        connected, unconnected = self.sockname("c1"), self.sockname("c2")
        self.assertEqual(
            [{"ok": True, "value": {"$address": list(plain.getsockname())}},
             {"ok": True, "value": None},
             {"ok": True, "value": None}],
            self.invoke("c1", call("get_extra_info", "peername"),
                        call("sendto", b64(b"no address"), None),
                        call("sendto", b64(b"its address"), {"$address": list(plain.getsockname())})))
        self.assertEqual((b"no address", connected), plain.recvfrom(65536))
        self.assertEqual((b"its address", connected), plain.recvfrom(65536))
        self.assertEqual([{"ok": True, "value": None}], self.invoke("c1", call("sendto", b64(b"one argument"))))
        self.assertEqual((b"one argument", connected), plain.recvfrom(65536))

        refused = self.invoke("c1", call("sendto", b64(b"elsewhere"), {"$address": list(other.getsockname())}))
        self.assertEqual("INVALID_VALUE", refused[0]["error"]["kind"], refused)

        self.assertEqual([{"ok": True, "value": None}],
                         self.invoke("c2", call("sendto", b64(b"to other"), {"$address": list(other.getsockname())})))
        self.assertEqual((b"to other", unconnected), other.recvfrom(65536))
        self.assertEqual(0, self.driver.close())

    def test_error_received_on_an_endpoint_connected_to_a_closed_port(self):
        self.hello()
        closed = self.udp_socket()
        address = closed.getsockname()
        closed.close()
        self.assertEqual("c1", self.datagram_endpoint(remote=address))
        self.assertEqual([{"ok": True, "value": None}], self.invoke("c1", call("sendto", b64(b"anyone?"), None)))
        error = self.driver.event("c1", "error_received")
        self.assertEqual(1, len(error["args"]))
        self.assertEqual(("OS_ERROR", "ConnectionRefusedError"),
                         (error["args"][0]["$error"]["kind"], error["args"][0]["$error"]["type"]))
        self.assertEqual({"type": "complete", "seq": error["seq"], "returned": None, "reactions": []},
                         self.driver.complete(error["seq"]))
        self.assertEqual(0, self.driver.close())

    def test_methods_the_transport_lacks_and_misplaced_placeholders_are_refused(self):
        self.hello()
        cid, sock = self.connect(script(reactions=[
            reaction("data_received", 1, call("write", {"$received_address": True}))]))
        self.assertEqual("c2", self.datagram_endpoint(local=("127.0.0.1", 0)))
        stream = self.invoke(cid, call("sendto", b64(b"x"), None), call("write", {"$received_address": True}))
        self.assertEqual([("OTHER", "UnknownMethod"), ("OTHER", "ScriptError")],
                         [(o["error"]["kind"], o["error"]["type"]) for o in stream])
        sock.sendall(b"x")
        data = self.driver.event(cid, "data_received")
        reactions = self.driver.complete(data["seq"])["reactions"]
        self.assertEqual(("OTHER", "ScriptError"), (reactions[0]["error"]["kind"], reactions[0]["error"]["type"]))
        datagram = self.invoke("c2", call("sendto", {"$received_data": True}, None))
        self.assertEqual(("OTHER", "ScriptError"), (datagram[0]["error"]["kind"], datagram[0]["error"]["type"]))
        self.assertEqual(0, self.driver.close())


    # subprocesses

    def subprocess(self, args, shell=False, stdin="devnull", stdout="pipe", stderr="devnull", client_script=PASSIVE):
        return self.driver.request("create_subprocess", shell=shell, args=list(args), stdin=stdin, stdout=stdout,
                                   stderr=stderr, script=client_script)

    def callbacks(self, target):
        """The callbacks of target's events so far, with their arguments."""
        return [(m["callback"], m["args"]) for m in self.driver.log
                if m.get("type") == "event" and m["target"] == target]

    def test_subprocess_exec_with_stdout_piped(self):
        self.hello()
        self.assertEqual("c1", self.subprocess(["printf", "hello"]))
        self.driver.event("c1", "connection_lost")
        events = self.callbacks("c1")
        self.assertEqual(("connection_made", []), events[0])
        self.assertEqual(("connection_lost", [None]), events[-1])
        middle = events[1:-1]
        self.assertEqual([("pipe_data_received", [1, b64(b"hello")]), ("pipe_connection_lost", [1, None])],
                         [e for e in middle if e[0] != "process_exited"])
        self.assertEqual(1, middle.count(("process_exited", [])))
        self.assertEqual([{"ok": True, "value": 0}, {"ok": True, "value": None}],
                         self.invoke("c1", call("get_returncode"), call("get_pipe_transport", 3)))
        self.assertEqual(0, self.driver.close())

    def test_subprocess_shell_exit_status(self):
        self.hello()
        self.assertEqual("c1", self.subprocess(["exit 3"], shell=True, stdout="devnull"))
        self.driver.event("c1", "connection_lost")
        self.assertEqual([{"ok": True, "value": 3}], self.invoke("c1", call("get_returncode")))
        self.assertEqual(0, self.driver.close())

    def test_subprocess_killed(self):
        self.hello()
        self.assertEqual("c1", self.subprocess(["sleep", "5"], stdout="devnull"))
        pid, running, killed = self.invoke("c1", call("get_pid"), call("get_returncode"), call("kill"))
        self.assertIsInstance(pid["value"], int)
        self.assertEqual([{"ok": True, "value": None}, {"ok": True, "value": None}], [running, killed])
        self.driver.event("c1", "connection_lost")
        self.assertEqual([{"ok": True, "value": -9}], self.invoke("c1", call("get_returncode")))
        self.assertEqual(0, self.driver.close())

    def test_pipe_targets_write_to_cat(self):
        self.hello()
        self.assertEqual("c1", self.subprocess(["cat"], stdin="pipe"))
        self.assertEqual([{"ok": True, "value": "c1/0"}, {"ok": True, "value": "c1/1"},
                          {"ok": True, "value": None}],
                         self.invoke("c1", call("get_pipe_transport", 0), call("get_pipe_transport", 1),
                                     call("get_pipe_transport", 2)))
        written = self.invoke("c1/0", call("write", b64(b"ping")), call("write_eof"), call("get_pid"))
        self.assertEqual([{"ok": True, "value": None}, {"ok": True, "value": None}], written[:2])
        self.assertEqual(("OTHER", "UnknownMethod"), (written[2]["error"]["kind"], written[2]["error"]["type"]))
        self.driver.event("c1", "connection_lost")
        echoed = b"".join(unb64(args[1]) for name, args in self.callbacks("c1")
                          if name == "pipe_data_received" and args[0] == 1)
        self.assertEqual(b"ping", echoed)
        stream = self.invoke("c1", call("write", b64(b"x")))
        self.assertEqual(("OTHER", "UnknownMethod"), (stream[0]["error"]["kind"], stream[0]["error"]["type"]))
        self.assertEqual(0, self.driver.close())

    def test_stdin_not_piped_has_no_pipe_transport(self):
        self.hello()
        self.assertEqual("c1", self.subprocess(["sleep", "5"], stdout="devnull"))
        self.assertEqual([{"ok": True, "value": None}], self.invoke("c1", call("get_pipe_transport", 0)))
        self.assertEqual(0, self.driver.close())

    def test_inherited_stdout_is_the_drivers_stderr_not_the_protocol(self):
        self.hello()
        self.assertEqual("c1", self.subprocess(["printf", "leaked"], stdout="inherit"))
        self.driver.event("c1", "connection_lost")
        self.assertEqual(0, self.driver.close())
        self.assertIn("leaked", self.driver.stderr())

    def test_close_kills_a_running_child(self):
        self.hello()
        self.assertEqual("c1", self.subprocess(["sleep", "30"], stdout="devnull"))
        pid = self.invoke("c1", call("get_pid"))[0]["value"]
        self.assertTrue(process_alive(pid))
        self.assertEqual(0, self.driver.close())
        self.assertFalse(process_alive(pid))
        lost = self.driver.event("c1", "connection_lost")
        self.assertLess(self.driver.position(lambda m: m is lost), len(self.driver.log) - 1)

    def test_bad_create_subprocess_fields_are_protocol_errors(self):
        self.hello()
        base = dict(shell=False, args=["true"], stdin="devnull", stdout="devnull", stderr="devnull", script=PASSIVE)
        for bad in (dict(shell="no"), dict(args=[]), dict(args=["a", 1]), dict(shell=True, args=["a", "b"]),
                    dict(stdin="stdout"), dict(stderr="file")):
            fields = dict(base)
            fields.update(bad)
            answer = self.driver.reply(self.driver.send("create_subprocess", **fields))
            self.assertEqual("protocol_error", answer["type"], bad)
        self.assertEqual(0, self.driver.close())

    # pipes

    def make_pipe(self, peer):
        pipe_id, path = self.driver.request("make_pipe", peer=peer)
        self.assertRegex(path, r"^/proc/\d+/fd/\d+$")
        return pipe_id, path

    def test_read_pipe_delivers_what_the_peer_writes_then_eof(self):
        self.hello()
        pipe_id, path = self.make_pipe("write")
        self.assertEqual("p1", pipe_id)
        peer = os.open(path, os.O_WRONLY)
        try:
            self.assertEqual("c1", self.driver.request("connect_read_pipe", pipe=pipe_id, script=PASSIVE))
            self.assertEqual([{"ok": True, "value": {"$opaque": {"type": "FileIO", "kind": "pipe"}}}],
                             self.invoke("c1", call("get_extra_info", "pipe")))
            os.write(peer, b"through the pipe")
        finally:
            os.close(peer)
        self.driver.event("c1", "connection_lost")
        events = self.callbacks("c1")
        received = b"".join(unb64(args[0]) for name, args in events if name == "data_received")
        self.assertEqual(b"through the pipe", received)
        self.assertEqual([("eof_received", []), ("connection_lost", [None])], events[-2:])
        self.assertEqual(0, self.driver.close())

    def test_write_pipe_writes_to_the_peer_and_write_eof_ends_it(self):
        self.hello()
        pipe_id, path = self.make_pipe("read")
        peer = os.open(path, os.O_RDONLY)
        try:
            self.assertEqual("c1", self.driver.request("connect_write_pipe", pipe=pipe_id, script=PASSIVE))
            self.invoke("c1", call("write", b64(b"out")), call("write_eof"))
            received = b""
            while True:
                chunk = os.read(peer, 100)
                if not chunk:
                    break
                received += chunk
        finally:
            os.close(peer)
        self.assertEqual(b"out", received)
        self.driver.event("c1", "connection_lost")
        self.assertEqual(0, self.driver.close())

    def test_pipe_misuse_is_a_protocol_error(self):
        self.hello()
        pipe_id, path = self.make_pipe("write")
        for op, fields in (("make_pipe", dict(peer="both")), ("connect_read_pipe", dict(pipe="p9", script=PASSIVE)),
                           ("connect_read_pipe", dict(pipe=1, script=PASSIVE))):
            answer = self.driver.reply(self.driver.send(op, **fields))
            self.assertEqual("protocol_error", answer["type"], (op, fields))
        self.assertEqual(0, self.driver.close())  # closes the pipe that was never connected

    def test_bad_tls_fields_are_protocol_errors(self):
        self.hello()
        for bad in ("yes", {"ca": 1}, {"cert": "/c.pem"}, {"protocol": "SSLv3"}, {"require_client_cert": "no"}):
            answer = self.driver.reply(self.driver.send("create_connection", host="127.0.0.1", port=self.peer.port,
                                                        script=PASSIVE, tls=bad))
            self.assertEqual("protocol_error", answer["type"], bad)
        self.assertEqual(0, self.driver.close())

    def test_a_tls_context_from_missing_files_is_the_requests_error(self):
        self.hello()
        answer = self.driver.reply(self.driver.send("create_connection", host="127.0.0.1", port=self.peer.port,
                                                    script=PASSIVE, tls={"ca": "/no/such/ca.pem"}))
        self.assertEqual("reply", answer["type"])
        self.assertFalse(answer["ok"])
        self.assertEqual(0, self.driver.close())


def process_alive(pid):
    """Whether pid runs (a zombie does not), from /proc."""
    try:
        with open("/proc/%d/stat" % pid) as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


#: The runtime as report names carry it: cpython-3.11, pypy-3.9.
RUNTIME = "%s-%d.%d" % (platform.python_implementation().lower(), sys.version_info[0], sys.version_info[1])


def uvloop_name():
    import uvloop
    return "uvloop-%s-%s" % (".".join(uvloop.__version__.split(".")[:2]), RUNTIME)


class AsyncioDriverTest(DriverTests, unittest.TestCase):
    LOOP = "asyncio"
    IMPLEMENTATION = "asyncio-" + RUNTIME


@unittest.skipUnless(uvloop_importable(), "uvloop cannot be imported by " + sys.executable)
class UvloopDriverTest(DriverTests, unittest.TestCase):
    LOOP = "uvloop"
    IMPLEMENTATION = uvloop_name() if uvloop_importable() else "uvloop"


class LoopFactoryTest(unittest.TestCase):
    """--loop MODULE:CALLABLE hosts any asyncio-compatible loop, named after its module, version and runtime."""

    def hello(self, loop, extra=(), module_source=None):
        with tempfile.TemporaryDirectory() as folder:
            env = dict(os.environ)
            if module_source is not None:
                with open(os.path.join(folder, "someloop.py"), "w") as module:
                    module.write(module_source)
                env["PYTHONPATH"] = folder + os.pathsep + env.get("PYTHONPATH", "")
            driver = DriverProcess(loop, env=env, extra=extra)
            try:
                value = driver.request("hello", protocol=1)
                self.assertEqual(0, driver.close())
                return value
            finally:
                if driver.proc.poll() is None:
                    driver.proc.kill()

    def test_a_factory_that_returns_a_loop(self):
        value = self.hello("someloop:make", module_source="import asyncio\n__version__ = '2.5.1'\n"
                                                          "def make():\n    return asyncio.SelectorEventLoop()\n")
        self.assertEqual("someloop-2.5-" + RUNTIME, value["implementation"])
        self.assertIn("someloop 2.5.1 (asyncio.unix_events._UnixSelectorEventLoop)", value["description"])

    def test_a_policy(self):
        value = self.hello("asyncio:DefaultEventLoopPolicy")
        self.assertEqual("asyncio-" + RUNTIME, value["implementation"])

    def test_a_report_name_of_ones_own(self):
        self.assertEqual("my-loop", self.hello("asyncio", extra=("--name", "my-loop"))["implementation"])

    def test_a_factory_that_cannot_be_found_exits_with_status_2(self):
        for spec in ("nosuchmodule:make", "asyncio:no_such_callable", "nocolon"):
            result = subprocess.run([sys.executable, DRIVER, "--loop", spec], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
            self.assertEqual(2, result.returncode, spec)
            self.assertEqual(b"", result.stdout)
            self.assertIn(spec.encode(), result.stderr)


class MissingUvloopTest(unittest.TestCase):

    def test_loop_uvloop_without_uvloop_exits_with_status_2(self):
        with tempfile.TemporaryDirectory() as hidden:
            # A uvloop package that cannot be imported, first on the path.
            os.mkdir(os.path.join(hidden, "uvloop"))
            with open(os.path.join(hidden, "uvloop", "__init__.py"), "w") as module:
                module.write("raise ImportError('uvloop hidden by the test')\n")
            env = dict(os.environ)
            env["PYTHONPATH"] = hidden + os.pathsep + env.get("PYTHONPATH", "")
            result = subprocess.run([sys.executable, DRIVER, "--loop", "uvloop"], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=TIMEOUT)
        self.assertEqual(2, result.returncode)
        self.assertEqual(b"", result.stdout)
        self.assertIn(b"uvloop", result.stderr)


if __name__ == "__main__":
    unittest.main()
