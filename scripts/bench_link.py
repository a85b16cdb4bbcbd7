"""One shaped link for `make bench`: a small HTTP proxy on 127.0.0.1 through which ALL of the
bench's Chromium goes (page, Web Worker, service worker), so that they share one phone's line.

Chrome's own network throttling (CDP) applies to one page at a time: the service worker and the
checker's worker downloaded at full speed beside a throttled page, which flattered the first visit
and hid what the service worker's precache takes from the page. Here every byte of every connection
takes turns on the same line: 1.6 Mbit/s down, 750 kbit/s up (Lighthouse's "Slow 4G"), in 4 KB
slices, round robin among connections (as TCP flows share a bottleneck, roughly), then arrives half
a round trip (75 ms) later; a new connection first pays one round trip (its TCP handshake).

Only plain HTTP to a loopback address is forwarded; anything else is refused, so the bench
can never reach another host. Chromium is pointed at it with
`--proxy-server=http://127.0.0.1:PORT --proxy-bypass-list=<-loopback>` (without the bypass rule,
Chromium sends 127.0.0.1 around any proxy).

    with ShapedLink() as link:          # link.proxy = "http://127.0.0.1:PORT"
        ...; link.bytes_down             # every byte delivered to the browser (headers included)
"""
from __future__ import annotations

import asyncio
import threading
from collections import deque
from urllib.parse import urlsplit

DOWN_BITS_PER_S = 1.6e6
UP_BITS_PER_S = 750e3
RTT_S = 0.150
SLICE = 4096  # bytes a connection sends before the next one's turn
BUFFER = 64 * 1024  # bytes a connection may have waiting for the line before its reader pauses
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


class Flow:
    """One connection's bytes in one direction, waiting for their turn on the line."""

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self.writer = writer
        self.queue: deque[bytes] = deque()
        self.queued = 0
        self.room = asyncio.Event()
        self.room.set()
        self.closing = False
        self.dropped = False  # the browser closed this connection: its bytes leave the line
        self.last_arrival = 0.0

    def deliver(self, data: bytes, last: bool) -> None:
        if not self.writer.is_closing():
            self.writer.write(data)
            if last:  # in the same callback: timers due at the same instant may run in any order
                self.writer.close()

    def close_when_delivered(self, loop: asyncio.AbstractEventLoop) -> None:
        if self.closing:
            return
        self.closing = True
        if self.dropped:
            self.queue.clear()
            self.queued = 0
            self.room.set()
        if not self.queue:
            loop.call_at(max(self.last_arrival, loop.time()), self.writer.close)


class Line:
    """One direction of the link, shared by every connection: a fixed rate, then a fixed delay."""

    def __init__(self, bits_per_s: float, delay_s: float) -> None:
        self.rate = bits_per_s / 8
        self.delay = delay_s
        self.active: deque[Flow] = deque()
        self.wake = asyncio.Event()
        self.bytes = 0

    async def send(self, flow: Flow, data: bytes) -> None:
        await flow.room.wait()
        for i in range(0, len(data), SLICE):
            flow.queue.append(data[i:i + SLICE])
        flow.queued += len(data)
        if flow.queued >= BUFFER:
            flow.room.clear()
        if flow not in self.active:
            self.active.append(flow)
        self.wake.set()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        free_at = loop.time()
        while True:
            if not self.active:
                self.wake.clear()
                await self.wake.wait()
                free_at = max(free_at, loop.time())
                continue
            flow = self.active.popleft()
            if not flow.queue:
                continue
            data = flow.queue.popleft()
            flow.queued -= len(data)
            if flow.queued < BUFFER:
                flow.room.set()
            if flow.queue:
                self.active.append(flow)
            # The line's own clock: a late wake-up (a busy machine) is caught up, not lost.
            free_at = max(free_at, loop.time() - 0.05) + len(data) / self.rate
            arrival = free_at + self.delay
            flow.last_arrival = arrival
            self.bytes += len(data)
            loop.call_at(arrival, flow.deliver, data, flow.closing and not flow.queue)
            delay = free_at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)


class Proxy:
    def __init__(self, rtt_s: float, down_bits: float, up_bits: float) -> None:
        self.rtt = rtt_s
        self.down = Line(down_bits, rtt_s / 2)
        self.up = Line(up_bits, rtt_s / 2)
        self.connections = 0
        self.requests = 0
        self.refused = 0
        self.log: list[tuple[str, str, bool]] = []  # (method, path, conditional) of every request
        self.writers: set[asyncio.StreamWriter] = set()  # open connections, closed when the link stops

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One connection from the browser: its requests (to one loopback server) go up the line,
        the server's answers come down it."""
        self.connections += 1
        self.writers.add(writer)
        loop = asyncio.get_running_loop()
        to_browser = Flow(writer)
        upstream: tuple[str, int] | None = None
        up_writer: asyncio.StreamWriter | None = None
        to_server: Flow | None = None
        await asyncio.sleep(self.rtt)  # the new connection's handshake over the line
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    break
                lines = head.decode("latin-1").split("\r\n")
                method, target, version = (lines[0].split(" ") + ["", ""])[:3]
                url = urlsplit(target)
                where = (url.hostname, url.port or 80)
                if method == "CONNECT" or url.scheme != "http" or url.hostname not in LOOPBACK \
                        or (upstream is not None and where != upstream):
                    self.refused += 1
                    writer.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    break
                self.requests += 1
                headers = [h for h in lines[1:] if h and not h.lower().startswith("proxy-")]
                length = next((int(h.split(":", 1)[1]) for h in headers if h.lower().startswith("content-length:")), 0)
                body = await reader.readexactly(length) if length else b""
                conditional = any(h.lower().startswith(("if-none-match:", "if-modified-since:")) for h in headers)
                self.log.append((method, url.path or "/", conditional))
                query = f"?{url.query}" if url.query else ""
                request = (f"{method} {url.path or '/'}{query} {version}\r\n"
                           + "".join(h + "\r\n" for h in headers) + "\r\n").encode("latin-1") + body
                if up_writer is None:
                    up_reader, up_writer = await asyncio.open_connection(*where)
                    self.writers.add(up_writer)
                    upstream, to_server = where, Flow(up_writer)
                    asyncio.create_task(self.pump(up_reader, to_browser, loop))
                await self.up.send(to_server, request)
        finally:
            # The browser closed (or was refused): what it no longer reads leaves the line.
            if writer.is_closing() or reader.at_eof():
                to_browser.dropped = True
            if up_writer is not None:
                up_writer.close()
            to_browser.close_when_delivered(loop)

    async def pump(self, up_reader: asyncio.StreamReader, to_browser: Flow, loop) -> None:
        """The server's bytes to the browser, over the shared line; the browser's side is closed
        once the server closes and its last bytes have arrived."""
        while not to_browser.dropped:
            try:
                data = await up_reader.read(65536)
            except ConnectionError:
                data = b""
            if not data:
                break
            await self.down.send(to_browser, data)
        to_browser.close_when_delivered(loop)


class ShapedLink:
    """The proxy in a thread of its own (its own event loop), for the bench's lifetime."""

    def __init__(self, rtt_s: float = RTT_S, down_bits: float = DOWN_BITS_PER_S, up_bits: float = UP_BITS_PER_S) -> None:
        self.settings = (rtt_s, down_bits, up_bits)
        self.port = 0
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._proxy: Proxy | None = None

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def chromium_args(self) -> list[str]:
        return [f"--proxy-server={self.proxy}", "--proxy-bypass-list=<-loopback>"]

    @property
    def bytes_down(self) -> int:
        return self._proxy.down.bytes if self._proxy else 0

    @property
    def bytes_up(self) -> int:
        return self._proxy.up.bytes if self._proxy else 0

    @property
    def requests(self) -> int:
        return self._proxy.requests if self._proxy else 0

    @property
    def log(self) -> list[tuple[str, str, bool]]:
        """Every request the browser sent: (method, path, conditional: If-None-Match/If-Modified-Since)."""
        return list(self._proxy.log) if self._proxy else []

    def describe(self) -> str:
        rtt, down, up = self.settings
        return (f"one shaped link for the whole browser (proxy on 127.0.0.1): {round(rtt * 1000)} ms RTT, "
                f"{down / 1e6:g} Mbit/s down, {up / 1e3:g} kbit/s up, shared by all connections")

    def __enter__(self) -> "ShapedLink":
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the shaped link did not start")
        return self

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._loop.run_until_complete(self._serve())
        finally:
            self._loop.close()

    async def _serve(self) -> None:
        proxy = Proxy(*self.settings)
        self._proxy = proxy
        lines = [asyncio.create_task(proxy.down.run()), asyncio.create_task(proxy.up.run())]
        server = await asyncio.start_server(proxy.handle, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._stopped = asyncio.Event()
        self._ready.set()
        async with server:
            await self._stopped.wait()
        # Everything still open ends here, in this loop, not later in a closed one.
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
        for writer in list(proxy.writers):
            writer.close()
        await asyncio.sleep(0.05)

    def __exit__(self, *exc) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._stopped.set)
            self._thread.join(10)
