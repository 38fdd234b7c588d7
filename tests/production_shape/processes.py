"""The production shape's processes on loopback: nginx, gunicorn app servers, a Celery worker, beat.

Each runs from a working directory of its own (a server's own disk) with production's settings,
in a process group of its own so that it is stopped whole; `Shape.stop_all` stops them all, and
the test calls it in a `finally` (and on SIGTERM from .ci/run's time limit, through pytest).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

NGINX_CONF = """\
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {root}/nginx-access.log;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    upstream app {{
        server 127.0.0.1:{app1} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{app2} max_fails=1 fail_timeout=30s;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Request-ID $request_id;
            # Which app server answered, for the test; a POST is never sent to a second one.
            add_header X-Upstream $upstream_addr always;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, *, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode} before listening on {port}:\n{tail(log)}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port} after {seconds} s:\n{tail(log)}")


def tail(log: Path, size: int = 3000) -> str:
    return log.read_text(errors="replace")[-size:] if log.exists() else ""


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@dataclass
class Process:
    name: str
    process: subprocess.Popen
    log: Path
    port: int | None = None

    def stop(self, sig=signal.SIGTERM, seconds: float = 10) -> None:
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=seconds)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=10)


@dataclass
class Shape:
    root: Path
    env: dict
    processes: list[Process] = field(default_factory=list)

    def start(self, name: str, command: list[str], *, port: int | None = None) -> Process:
        folder = self.root / name  # the server's own working directory and disk
        folder.mkdir(parents=True, exist_ok=True)
        log = self.root / f"{name}.log"
        env = {**self.env, "MEDIA_ROOT": str(folder / "media"), "DATABASE_URL": self.database_url(name)}
        with open(log, "ab") as out:
            process = subprocess.Popen(
                command, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        started = Process(name=name, process=process, log=log, port=port)
        self.processes.append(started)
        return started

    def database_url(self, name: str) -> str:
        database = connection.settings_dict
        return (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
            f"?application_name=shape-{name}"
        )

    def gunicorn(self, name: str) -> Process:
        port = free_port()
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            f"--config={settings.BASE_DIR / 'gunicorn.conf.py'}",
            f"--pythonpath={settings.BASE_DIR}",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
            "--graceful-timeout=30",
            "--no-control-socket",  # else both servers would share one socket in the home folder
        ]
        return self.start(name, command, port=port)

    def celery(self, name: str, *arguments: str) -> Process:
        return self.start(name, [sys.executable, "-m", "celery", "-A", "config", *arguments])

    def nginx(self, app1: int, app2: int) -> Process:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        folder = self.root / "nginx"
        folder.mkdir()
        port = free_port()
        config = folder / "nginx.conf"
        config.write_text(NGINX_CONF.format(root=folder, app1=app1, app2=app2, port=port))
        # -p and -e: no path outside the folder, so it runs without root as with it.
        command = [binary, "-p", str(folder), "-e", str(folder / "nginx-error.log"), "-c", str(config)]
        return self.start("nginx", [*command, "-g", "daemon off;"], port=port)

    def stop_all(self) -> None:
        """nginx first, then every server at once (each finishes what it is doing), each waited for."""
        for process in reversed(self.processes):
            if process.process.poll() is None:
                try:
                    os.killpg(process.process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for process in reversed(self.processes):
            process.stop()
