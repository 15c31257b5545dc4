"""An asyncio protocol echo server for the benchmark's load generator (see EchoServer.java).

usage: echo_server.py asyncio|uvloop

Listens on a free loopback port, prints "listening PORT", and answers "allocated" and "heap" on its standard
input with -1 (not measured in Python) until the end of that input.
"""
import asyncio
import sys
import threading


class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)

    def pause_writing(self):
        self.transport.pause_reading()

    def resume_writing(self):
        self.transport.resume_reading()


def commands(loop, done):
    for line in sys.stdin:
        if line.strip() in ("allocated", "heap"):
            print(line.strip() + " -1", flush=True)
        else:
            print("error unknown command " + line.strip(), flush=True)
    loop.call_soon_threadsafe(done.set_result, None)


async def serve():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Echo, "127.0.0.1", 0, backlog=1024)
    print("listening %d" % server.sockets[0].getsockname()[1], flush=True)
    done = loop.create_future()
    threading.Thread(target=commands, args=(loop, done), daemon=True).start()
    await done
    server.close()


def main():
    if sys.argv[1:] == ["uvloop"]:
        import uvloop
        uvloop.install()
    elif sys.argv[1:] != ["asyncio"]:
        sys.exit("usage: echo_server.py asyncio|uvloop")
    asyncio.run(serve())


if __name__ == "__main__":
    main()
