"""Build and run the throw-away Neo4j 5.26 Community server used by the test suite.

Pure Python (no pytest): ``build()`` compiles the small Maven project next to this file
(``pom.xml`` + ``src/main/java/kam/neo4j/KamNeo4jServer.java``) into
``target/kam-neo4j-server.jar`` + ``target/lib/*.jar``; ``Neo4jServer`` starts it as a child
JVM and stops it again::

    from tests.neo4j_server.server import Neo4jServer
    with Neo4jServer() as server:          # builds first if needed
        driver = neo4j.GraphDatabase.driver(server.uri, auth=server.auth)

The Java side prints ``BOLT_URI=bolt://127.0.0.1:PORT`` when ready and shuts down cleanly
when its stdin closes, so even if this process dies without calling ``stop()`` the server
goes away by itself (the pipe closes with us).
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
SRC = HERE / "src"
TARGET = HERE / "target"
JAR = TARGET / "kam-neo4j-server.jar"
LIB = TARGET / "lib"

#: JVM options used unless the caller passes its own.
DEFAULT_JAVA_OPTS: tuple[str, ...] = ("-Xmx512m", "-XX:+ExitOnOutOfMemoryError")

_BOLT_LINE = re.compile(r"^BOLT_URI=(bolt://\S+)\s*$")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_BUILD_TIMEOUT = 1800  # seconds; a cold Maven cache downloads ~145 MB of jars


class Neo4jServerError(RuntimeError):
    """The local Neo4j server could not be built, started or reached."""


# --------------------------------------------------------------------------- tools


def find_java() -> str:
    """Path of the ``java`` launcher ($JAVA_HOME first, then $PATH)."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("java")
    if not found:
        raise Neo4jServerError(
            "Java 17 or 21 is needed to run the test Neo4j server, but no `java` is on PATH "
            "(nor in $JAVA_HOME/bin). On Debian: `apt-get install openjdk-17-jdk-headless maven`. "
            "Or point the tests at an existing Neo4j 5 with KAM_NEO4J_URI "
            "(+ KAM_NEO4J_USER / KAM_NEO4J_PASSWORD)."
        )
    return found


def find_mvn() -> str:
    found = shutil.which("mvn")
    if not found:
        raise Neo4jServerError(
            f"Maven (`mvn`) is needed to build the test Neo4j server in {HERE} but is not on "
            "PATH. On Debian: `apt-get install maven openjdk-17-jdk-headless`. "
            "Or point the tests at an existing Neo4j 5 with KAM_NEO4J_URI "
            "(+ KAM_NEO4J_USER / KAM_NEO4J_PASSWORD)."
        )
    return found


def _java_major(java: str) -> int:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
    except (OSError, subprocess.SubprocessError) as exc:
        raise Neo4jServerError(f"could not run `{java} -version`: {exc}") from exc
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        raise Neo4jServerError(f"could not read the Java version from `{java} -version`:\n{out}")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


# --------------------------------------------------------------------------- build


def _source_files() -> list[Path]:
    files = [POM]
    if SRC.is_dir():
        files.extend(p for p in SRC.rglob("*") if p.is_file())
    return files


def _artefact_complete() -> bool:
    """The jar exists and every jar its manifest Class-Path names is in target/lib."""
    if not JAR.is_file():
        return False
    try:
        with zipfile.ZipFile(JAR) as zf:
            manifest = zf.read("META-INF/MANIFEST.MF").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    # Manifest lines are wrapped at 72 bytes with a leading space on continuation lines.
    unfolded = re.sub(r"\r?\n ", "", manifest)
    match = re.search(r"^Class-Path: (.*)$", unfolded, re.MULTILINE)
    if not match:
        return False
    return all((TARGET / entry).is_file() for entry in match.group(1).split())


def needs_build() -> bool:
    if not _artefact_complete():
        return True
    built = JAR.stat().st_mtime
    return any(p.stat().st_mtime > built for p in _source_files())


class _FileLock:
    """Exclusive advisory lock (POSIX) so parallel test processes build only once."""

    def __init__(self, path: Path):
        self.path = path
        self._fh: IO[bytes] | None = None

    def __enter__(self) -> _FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "wb")  # noqa: SIM115 - held until __exit__
        try:
            import fcntl

            fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX)
        except ImportError:  # not POSIX: no locking
            pass
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            self._fh.close()  # releases the lock
            self._fh = None


def build(force: bool = False, quiet: bool = True) -> Path:
    """Run ``mvn -q -B package`` in this folder when the artefact is missing or stale.

    Returns the path of the runnable jar. Raises ``Neo4jServerError`` with Maven's output
    when the build fails, or a clear message when ``mvn``/``java`` are missing.
    """
    with _FileLock(TARGET / ".build.lock"):
        if not force and not needs_build():
            return JAR
        mvn = find_mvn()
        java = find_java()
        env = dict(os.environ)
        java_home = os.environ.get("JAVA_HOME")
        if not java_home:
            # Let Maven use the same JDK as the one we will run.
            env["JAVA_HOME"] = str(Path(os.path.realpath(java)).parent.parent)
        cmd = [mvn, "-q", "-B", "-Dstyle.color=never", "package"]
        if not quiet:
            cmd.remove("-q")
        started = time.monotonic()
        try:
            proc = subprocess.run(
                cmd,
                cwd=HERE,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=_BUILD_TIMEOUT,
            )
        except subprocess.TimeoutExpired as exc:
            raise Neo4jServerError(
                f"`{' '.join(cmd)}` in {HERE} did not finish in {_BUILD_TIMEOUT} s"
            ) from exc
        output = _ANSI.sub("", (proc.stdout or "") + (proc.stderr or ""))
        if proc.returncode != 0 or not _artefact_complete():
            raise Neo4jServerError(
                f"building the test Neo4j server failed: `{' '.join(cmd)}` in {HERE} "
                f"exited {proc.returncode} after {time.monotonic() - started:.0f} s.\n"
                f"{_tail(output, 60)}"
            )
        JAR.touch()  # newer than every source even if Maven left the jar as it was
        return JAR


# --------------------------------------------------------------------------- server


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _tail(text: str, lines: int = 40) -> str:
    parts = text.rstrip().splitlines()
    if len(parts) > lines:
        parts = [f"... ({len(parts) - lines} earlier lines omitted)"] + parts[-lines:]
    return "\n".join(parts)


class Neo4jServer:
    """A Neo4j 5.26 Community server in a child JVM, Bolt on 127.0.0.1, no auth, no TLS.

    ``uri`` (``bolt://127.0.0.1:PORT``) and ``auth`` (``None``) are set once ``start()``
    returns. Use as a context manager or call ``start()`` / ``stop()``.
    """

    def __init__(
        self,
        port: int = 0,
        *,
        startup_timeout: float = 180.0,
        stop_timeout: float = 30.0,
        java_opts: Sequence[str] = DEFAULT_JAVA_OPTS,
        auto_build: bool = True,
    ):
        self.requested_port = port
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        self.java_opts = list(java_opts)
        self.auto_build = auto_build
        self.uri: str | None = None
        self.auth: tuple[str, str] | None = None  # the server runs without authentication
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.startup_seconds: float | None = None
        self._stderr: IO[bytes] | None = None
        self._stdout_tail: collections.deque[str] = collections.deque(maxlen=200)
        self._ready = threading.Event()
        self._reader: threading.Thread | None = None
        self._cmd: list[str] = []
        self._tmpdir: str | None = None

    # -- context manager
    def __enter__(self) -> Neo4jServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def command(self, port: int, tmpdir: str | None = None) -> list[str]:
        opts = [f"-Djava.io.tmpdir={tmpdir}"] if tmpdir else []
        return [find_java(), *self.java_opts, *opts, "-jar", str(JAR), str(port)]

    def start(self) -> Neo4jServer:
        if self.process is not None:
            raise Neo4jServerError("server already started")
        if self.auto_build:
            build()
        elif not JAR.is_file():
            raise Neo4jServerError(f"{JAR} is missing: run tests.neo4j_server.server.build()")
        java = find_java()
        major = _java_major(java)
        if major < 17:
            raise Neo4jServerError(f"Neo4j 5.26 needs Java 17 or 21, but {java} is Java {major}")

        began = time.monotonic()
        deadline = began + self.startup_timeout
        # A port from free_port() can be taken by someone else before the JVM binds it;
        # retry a couple of times on a bind failure when no fixed port was asked for.
        attempts = 1 if self.requested_port else 3
        for attempt in range(1, attempts + 1):
            port = self.requested_port or free_port()
            try:
                self._launch(port, deadline)
                break
            except Neo4jServerError as exc:
                bind_failure = "Address already in use" in str(exc) or "BindException" in str(exc)
                if attempt == attempts or not bind_failure:
                    raise
        self._wait_for_bolt(deadline)
        self.startup_seconds = time.monotonic() - began
        return self

    def _launch(self, port: int, deadline: float) -> None:
        self._ready.clear()
        self._stdout_tail.clear()
        self.uri = None
        # The JVM's temp dir is ours: Neo4j's store and logs, and native libraries that netty /
        # zstd-jni unpack, all land there, and it goes even when the JVM had to be killed.
        self._tmpdir = tempfile.mkdtemp(prefix="kam-neo4j-")
        # kept open for the server's lifetime, closed in _cleanup_files()
        self._stderr = open(os.path.join(self._tmpdir, "stderr.txt"), "w+b")  # noqa: SIM115
        cmd = self._cmd = self.command(port, self._tmpdir)
        try:
            self.process = subprocess.Popen(
                cmd,
                cwd=HERE,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
            )
        except OSError as exc:
            self._cleanup_files()
            raise Neo4jServerError(f"could not run {cmd}: {exc}") from exc
        self._reader = threading.Thread(
            target=self._read_stdout, args=(self.process,), name="kam-neo4j-stdout", daemon=True
        )
        self._reader.start()

        while not self._ready.wait(0.1):
            if self.process.poll() is not None:
                self._reader.join(2)
                if self._ready.is_set():
                    break
                message = self._failure(
                    f"exited with code {self.process.returncode} before it was ready"
                )
                self._discard_process()
                raise Neo4jServerError(message)
            if time.monotonic() > deadline:
                message = self._failure(
                    f"printed no BOLT_URI line within {self.startup_timeout:.0f} s"
                )
                self._discard_process()
                raise Neo4jServerError(message)
        self.port = port

    def _read_stdout(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        for raw in process.stdout:  # keeps draining after the URI line so the pipe never fills
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            match = _BOLT_LINE.match(line)
            if match and not self._ready.is_set():
                self.uri = match.group(1)
                self._ready.set()
            else:
                self._stdout_tail.append(line)

    def _wait_for_bolt(self, deadline: float) -> None:
        try:
            from neo4j import GraphDatabase
        except ImportError as exc:
            self.stop()
            raise Neo4jServerError("the `neo4j` Python driver is not installed") from exc
        last: BaseException | None = None
        while True:
            try:
                with GraphDatabase.driver(self.uri, auth=self.auth) as driver:
                    driver.verify_connectivity()
                return
            except Exception as exc:  # noqa: BLE001 - retried until the deadline
                last = exc
            if (
                self.process is None
                or self.process.poll() is not None
                or time.monotonic() > deadline
            ):
                message = self._failure(
                    f"announced {self.uri} but verify_connectivity() kept failing: {last!r}"
                )
                self.stop()
                raise Neo4jServerError(message)
            time.sleep(0.25)

    def stderr_text(self) -> str:
        if self._stderr is None:
            return ""
        try:
            self._stderr.flush()
            self._stderr.seek(0)
            return self._stderr.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def _failure(self, what: str) -> str:
        parts = [f"the test Neo4j server (`{' '.join(self._cmd)}` in {HERE}) {what}."]
        if self._stdout_tail:
            parts.append("stdout:\n" + _tail("\n".join(self._stdout_tail), 20))
        err = self.stderr_text()
        parts.append("stderr tail:\n" + (_tail(err, 60) if err.strip() else "(empty)"))
        return "\n".join(parts)

    def _discard_process(self) -> None:
        proc, self.process = self.process, None
        if proc is not None:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                try:
                    if stream:
                        stream.close()
                except OSError:
                    pass
        self._cleanup_files()

    def _cleanup_files(self) -> None:
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def stop(self) -> int | None:
        """Close the server's stdin (it then shuts down cleanly); kill it after ``stop_timeout`` s.

        Returns the process exit code (0 after a clean shutdown), or None if it was not running.
        """
        proc = self.process
        if proc is None:
            return None
        try:
            if proc.stdin:
                proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(self.stop_timeout)
        except subprocess.TimeoutExpired:
            print(
                f"tests.neo4j_server: Neo4j (pid {proc.pid}) did not stop within "
                f"{self.stop_timeout:.0f} s of stdin closing; killing it",
                file=sys.stderr,
            )
            proc.kill()
            proc.wait()
        code = proc.returncode
        if self._reader is not None:
            self._reader.join(5)
        self._discard_process()
        return code
