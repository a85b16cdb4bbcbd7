"""Debian's nginx serving a built site with the repository's own configuration (deploy/nginx/),
for the tests: a temporary prefix, a free port on 127.0.0.1, stopped at the end.

    with nginx_serving(site_dir) as url:   # "http://127.0.0.1:PORT"
        ...
    with nginx_running(site_dir) as server:  # server.url; server.reload() after a deploy
        ...

Only what cannot be the same on a test machine is changed: the address it listens on and the folder
it serves (checked to occur where expected, so a renamed line fails loudly).
"""
from __future__ import annotations

import contextlib
import os
import signal
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent.parent
CONF = ROOT / "deploy" / "nginx"
SERVER_CONF = CONF / "artisan-guide.conf"
HEADERS_SNIPPET = CONF / "snippets" / "artisan-guide-headers.conf"
DEPLOYED_ROOT = "/srv/artisan-guide/site"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/share/nginx/modules/ngx_http_brotli_static_module.so")
DEBIAN_MIME_TYPES = Path("/etc/nginx/mime.types")

MAIN = """# Test harness around the repository's server block (as Debian's /etc/nginx/nginx.conf is)
user root;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
load_module {module};
events {{ worker_connections 128; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/conf/sites-enabled/artisan-guide.conf;
}}
"""


def _replace(text: str, old: str, new: str, count: int, name: str) -> str:
    found = text.count(old)
    if found != count:
        raise RuntimeError(f"{name}: expected {old!r} {count} time(s), found {found}")
    return text.replace(old, new)


def write_config(tmp: Path, site: Path, port: int) -> Path:
    """The repository's configuration, adapted to `site` and `port`, under `tmp`; returns nginx.conf."""
    conf = tmp / "conf"
    (conf / "snippets").mkdir(parents=True)
    (conf / "sites-enabled").mkdir()
    shutil.copy(DEBIAN_MIME_TYPES, conf / "mime.types")
    server = SERVER_CONF.read_text(encoding="utf-8")
    server = _replace(server, "    listen 80;\n", f"    listen 127.0.0.1:{port};\n", 1, SERVER_CONF.name)
    server = _replace(server, "    listen [::]:80;\n", "", 1, SERVER_CONF.name)
    # Not resolved: the deployed root is a symlink that a deploy switches (deploy/switch-release.sh).
    server = _replace(server, DEPLOYED_ROOT, os.path.abspath(site), 1, SERVER_CONF.name)
    (conf / "sites-enabled" / SERVER_CONF.name).write_text(server, encoding="utf-8")
    snippet = _replace(HEADERS_SNIPPET.read_text(encoding="utf-8"), DEPLOYED_ROOT, os.path.abspath(site), 1,
                       HEADERS_SNIPPET.name)
    (conf / "snippets" / HEADERS_SNIPPET.name).write_text(snippet, encoding="utf-8")
    main = conf / "nginx.conf"
    main.write_text(MAIN.format(tmp=tmp, module=BROTLI_MODULE), encoding="utf-8")
    return main


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _accepting(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def workers(master: int) -> set[int]:
    """The worker processes of the nginx master `master` (its children)."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


def tcp_sockets(port: int, peer_port: int | None = None) -> set[str]:
    """The kernel's names ("socket:[inode]") of the TCP sockets on 127.0.0.1:`port`: the listening one,
    or with `peer_port` the one connected to 127.0.0.1:`peer_port`."""
    local, remote, state = f"0100007F:{port:04X}", f"0100007F:{peer_port or 0:04X}", "01" if peer_port else "0A"
    rows = (line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:])
    return {f"socket:[{row[9]}]" for row in rows
            if row[1] == local and row[3] == state and (peer_port is None or row[2] == remote)}


def holds(pid: int, sockets: set[str]) -> bool:
    """Whether process `pid` has one of `sockets` open (False once it has exited)."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except FileNotFoundError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") in sockets:
                return True
        except FileNotFoundError:  # closed meanwhile
            continue
    return False


@dataclass(frozen=True)
class Nginx:
    url: str  # "http://127.0.0.1:PORT"
    proc: subprocess.Popen

    def reload(self, timeout: float = 15) -> None:
        """What the README asks after each deploy (`systemctl reload nginx`): SIGHUP to the master, which
        re-reads the configuration (the build's CSP snippet) and starts new workers; returns once a new
        worker runs and no old one listens any more, so every new connection gets the new configuration.
        As after a real reload, an old worker first finishes with the connections it holds, and exits
        later: a response under way, or a socket a browser opened ahead and has not used yet, for which
        nginx waits up to client_header_timeout (its first request is then answered by the old worker).
        Waiting for the old workers to exit, as this did before, waited on the browser's idle sockets."""
        port = int(self.url.rsplit(":", 1)[1])
        old = workers(self.proc.pid)
        self.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + timeout
        while True:
            now, listening = workers(self.proc.pid), tcp_sockets(port)
            still = {pid for pid in old & now if holds(pid, listening)}
            if now - old and not still:
                return
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not reload (exit {self.proc.poll()}, workers {old} -> {now}, "
                                   f"old ones still listening: {still})")
            time.sleep(0.05)


@contextlib.contextmanager
def nginx_serving(site: Path) -> Iterator[str]:
    """Run nginx on `site`; yields its base URL; stops it on exit."""
    with nginx_running(site) as server:
        yield server.url


@contextlib.contextmanager
def nginx_running(site: Path) -> Iterator[Nginx]:
    """Run nginx in the foreground (daemon off) on `site`; yields it (its URL, reload()); stops it on exit."""
    with tempfile.TemporaryDirectory(prefix="nginx-") as name:
        tmp = Path(name)
        port = _free_port()
        main = write_config(tmp, Path(site), port)
        cmd = [NGINX, "-p", str(tmp), "-c", str(main), "-e", str(tmp / "error.log")]
        check = subprocess.run([*cmd, "-t"], capture_output=True, text=True)
        if check.returncode != 0 or "[warn]" in check.stderr:
            raise RuntimeError(f"nginx -t: the configuration is refused or warned about:\n{check.stderr}")
        proc = subprocess.Popen([*cmd, "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 15
            while not _accepting(port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = (tmp / "error.log").read_text(errors="replace") if (tmp / "error.log").exists() else ""
                    raise RuntimeError(f"nginx did not start (exit {proc.poll()}):\n{log}")
                time.sleep(0.05)
            yield Nginx(f"http://127.0.0.1:{port}", proc)
        finally:
            proc.terminate()  # SIGTERM: fast shutdown
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout:
                proc.stdout.close()
