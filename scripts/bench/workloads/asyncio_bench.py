"""Worker for CPython asyncio: `python3 asyncio_bench.py <bench> <n>`.

The same workloads as ours.ts and node.ts, written for asyncio with the
standard library only. Prints one JSON line: {"value": ..., "counts": ...}.
"""
import asyncio
import gc
import json
import os
import random
import resource
import socket
import sys
import time

HOST = "127.0.0.1"
ECHO_BYTES = 64
CONNECTIONS = 100
TIMER_SPREAD = 0.05
SLEEPERS = 100_000
WARMED = {"chain", "fan", "switches", "tasks", "timers"}


def chain(loop, n):
    """Callbacks per second of a call_soon chain: each callback schedules the next."""
    count = 0

    def step():
        nonlocal count
        count += 1
        if count < n:
            loop.call_soon(step)
        else:
            loop.stop()

    t0 = time.perf_counter()
    loop.call_soon(step)
    loop.run_forever()
    return {"value": n / (time.perf_counter() - t0)}


def fan(loop, n):
    """Callbacks per second when all n are scheduled up front."""
    count = 0

    def one():
        nonlocal count
        count += 1
        if count == n:
            loop.stop()

    t0 = time.perf_counter()
    for _ in range(n):
        loop.call_soon(one)
    loop.run_forever()
    return {"value": n / (time.perf_counter() - t0)}


def switches(loop, n):
    """Switches per second between two tasks that take turns with sleep(0)."""

    async def player(turns):
        for _ in range(turns):
            await asyncio.sleep(0)

    async def main():
        await asyncio.gather(player(n >> 1), player(n - (n >> 1)))

    t0 = time.perf_counter()
    loop.run_until_complete(main())
    return {"value": n / (time.perf_counter() - t0)}


def tasks(loop, n):
    """Tasks per second: create n trivial tasks and run until all are done."""
    done = 0

    async def trivial():
        nonlocal done
        done += 1
        if done == n:
            loop.stop()
        return done

    t0 = time.perf_counter()
    for _ in range(n):
        loop.create_task(trivial())
    loop.run_forever()
    return {"value": n / (time.perf_counter() - t0)}


def timers(loop, n):
    """call_later with random delays: fired per second, out-of-order and early fires (by loop.time())."""
    draw = random.Random(12345).random
    fired = 0
    latest = float("-inf")
    out_of_order = 0
    early = 0
    last = 0.0
    whens = [0.0] * n

    def fire(i):
        nonlocal fired, latest, out_of_order, early, last
        deadline = whens[i]
        if loop.time() < deadline:
            early += 1
        if deadline < latest:
            out_of_order += 1
        else:
            latest = deadline
        fired += 1
        if fired == n:
            last = time.perf_counter()
            loop.stop()

    t0 = time.perf_counter()
    for i in range(n):
        whens[i] = loop.call_later(draw() * TIMER_SPREAD, fire, i).when()
    loop.run_forever()
    return {"value": n / (last - t0), "counts": {"outOfOrder": out_of_order, "early": early}}


def max_rss_bytes():
    """Peak resident set size of this process (kilobytes on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


def memory(loop, n):
    """MB of resident memory grown by n tasks asleep in sleep(1000), per SLEEPERS tasks (tracemalloc is too slow here)."""

    async def sleeper():
        await asyncio.sleep(1000)

    gc.collect()
    before = max_rss_bytes()
    for _ in range(n):
        loop.create_task(sleeper())
    loop.call_soon(loop.stop)
    loop.run_forever()
    gc.collect()
    return {"value": (max_rss_bytes() - before) / (1024 * 1024) * SLEEPERS / n}


def share(n, conns, i):
    """Round trips of connection i when conns connections share n."""
    return n // conns + (1 if i < n % conns else 0)


def echo_sock(loop, n, conns):
    """Round trips per second with sock_accept/sock_recv/sock_sendall on non-blocking sockets."""

    async def serve(conn):
        while True:
            data = await loop.sock_recv(conn, 65536)
            if not data:
                break
            await loop.sock_sendall(conn, data)
        conn.close()

    async def acceptor(listener):
        while True:
            conn, _ = await loop.sock_accept(listener)
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            loop.create_task(serve(conn))

    async def client(port, trips):
        sock = socket.socket()
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        await loop.sock_connect(sock, (HOST, port))
        payload = b"x" * ECHO_BYTES
        for _ in range(trips):
            await loop.sock_sendall(sock, payload)
            got = 0
            while got < ECHO_BYTES:
                got += len(await loop.sock_recv(sock, ECHO_BYTES - got))
        sock.close()

    async def main():
        listener = socket.socket()
        listener.bind((HOST, 0))
        listener.listen(1024)
        listener.setblocking(False)
        accepting = loop.create_task(acceptor(listener))
        port = listener.getsockname()[1]
        t0 = time.perf_counter()
        await asyncio.gather(*(client(port, share(n, conns, i)) for i in range(conns)))
        seconds = time.perf_counter() - t0
        accepting.cancel()
        listener.close()
        return seconds

    return {"value": n / loop.run_until_complete(main())}


def echo_streams(loop, n, conns):
    """Round trips per second with start_server/open_connection."""

    async def serve(reader, writer):
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
        writer.close()

    async def client(port, trips):
        reader, writer = await asyncio.open_connection(HOST, port)
        payload = b"x" * ECHO_BYTES
        for _ in range(trips):
            writer.write(payload)
            await writer.drain()
            await reader.readexactly(ECHO_BYTES)
        writer.close()

    async def main():
        server = await asyncio.start_server(serve, HOST, 0)
        port = server.sockets[0].getsockname()[1]
        t0 = time.perf_counter()
        await asyncio.gather(*(client(port, share(n, conns, i)) for i in range(conns)))
        seconds = time.perf_counter() - t0
        server.close()
        return seconds

    return {"value": n / loop.run_until_complete(main())}


BENCHES = {
    "chain": chain,
    "fan": fan,
    "switches": switches,
    "tasks": tasks,
    "timers": timers,
    "memory": memory,
    "echo-sock-seq": lambda loop, n: echo_sock(loop, n, 1),
    "echo-sock-conc": lambda loop, n: echo_sock(loop, n, CONNECTIONS),
    "echo-streams-seq": lambda loop, n: echo_streams(loop, n, 1),
    "echo-streams-conc": lambda loop, n: echo_streams(loop, n, CONNECTIONS),
}


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in BENCHES:
        sys.exit(f"usage: asyncio_bench.py <{'|'.join(BENCHES)}> <n>")
    bench, n = sys.argv[1], int(sys.argv[2])
    if bench in WARMED:  # the same untimed warm-up as the TypeScript workers, on its own loop
        warm = asyncio.new_event_loop()
        BENCHES[bench](warm, max(1, n // 20))
        warm.close()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    result = BENCHES[bench](loop, n)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # pending tasks and sockets must not keep us, nor print warnings


if __name__ == "__main__":
    main()
