"""Build and run the OpenID Connect provider of the sign-in test: navikt's
mock-oauth2-server, a maintained OIDC server made for tests, from Maven Central.

Pure Python (no pytest): ``build()`` runs ``mvn package`` on the small ``pom.xml`` next to
this file, which only copies the server's jar and its dependencies into ``target/lib/``;
``OidcServer`` starts it with ``java -cp 'target/lib/*'`` on a free loopback port and
waits for its discovery document::

    from tests.oidc_server.server import OidcServer
    with OidcServer() as server:
        server.metadata_url   # http://127.0.0.1:PORT/kam/.well-known/openid-configuration

Without ``JSON_CONFIG`` the server's login page is interactive: a user name (the ``sub``
claim) and optional claims as JSON (``{"email": "li@example.com"}``), which go into the
ID token. Its stdin is a pipe that closes with us, and it is killed on ``stop()``.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.neo4j_server.server import find_java, find_mvn, free_port

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
TARGET = HERE / "target"
LIB = TARGET / "lib"
MAIN_CLASS = "no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt"
ISSUER = "kam"
_BUILD_TIMEOUT = 900  # a cold Maven cache downloads about 30 MB


class OidcServerError(RuntimeError):
    """The OIDC test server could not be built, started or reached."""


def tools_missing() -> str | None:
    """Why the server cannot be built or run here (no ``java`` or ``mvn``), else None."""
    for find in (find_java, find_mvn):
        try:
            find()
        except RuntimeError as err:
            return str(err).replace("test Neo4j server", "test OpenID Connect server")
    return None


STAMP = TARGET / ".built"


def _complete() -> bool:
    """The jars are there, copied after the pom last changed."""
    return (LIB.is_dir() and any(LIB.glob("mock-oauth2-server-*.jar")) and STAMP.is_file()
            and STAMP.stat().st_mtime >= POM.stat().st_mtime)


def build() -> Path:
    """``mvn -q -B package`` here when ``target/lib`` is missing or older than the pom.

    Returns the folder of jars. Raises ``OidcServerError`` with Maven's output on failure.
    """
    import fcntl

    TARGET.mkdir(exist_ok=True)
    with open(TARGET / ".build.lock", "wb") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # parallel test processes build once
        if _complete():
            return LIB
        env = dict(os.environ)
        env.setdefault("JAVA_HOME", str(Path(os.path.realpath(find_java())).parent.parent))
        command = [find_mvn(), "-q", "-B", "-Dstyle.color=never", "package"]
        try:
            done = subprocess.run(command, cwd=HERE, env=env, stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True, timeout=_BUILD_TIMEOUT)
        except subprocess.TimeoutExpired as err:
            raise OidcServerError(f"`{' '.join(command)}` in {HERE} took over "
                                  f"{_BUILD_TIMEOUT} s") from err
        if done.returncode == 0 and any(LIB.glob("mock-oauth2-server-*.jar")):
            STAMP.touch()
        if done.returncode != 0 or not _complete():
            output = (done.stdout + done.stderr).strip().splitlines()[-40:]
            raise OidcServerError(f"`{' '.join(command)}` in {HERE} exited "
                                  f"{done.returncode}:\n" + "\n".join(output))
        return LIB


class OidcServer:
    """mock-oauth2-server in a child JVM on 127.0.0.1; ``issuer`` and ``metadata_url`` are
    set once ``start()`` returns."""

    def __init__(self, *, startup_timeout: float = 60.0) -> None:
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self.startup_seconds: float | None = None
        self._log = None

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}/{ISSUER}"

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def __enter__(self) -> OidcServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> OidcServer:
        build()
        began = time.monotonic()
        self.port = free_port()
        env = {**os.environ, "SERVER_HOSTNAME": "127.0.0.1", "SERVER_PORT": str(self.port)}
        env.pop("JSON_CONFIG", None)
        env.pop("JSON_CONFIG_PATH", None)
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        command = [find_java(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                   "-cp", str(LIB / "*"), MAIN_CLASS]
        self.process = subprocess.Popen(command, cwd=tempfile.gettempdir(), env=env,
                                        stdin=subprocess.PIPE, stdout=self._log,
                                        stderr=subprocess.STDOUT)
        deadline = began + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log_text()
                self.stop()
                raise OidcServerError(f"mock-oauth2-server exited with "
                                      f"{self.process.returncode}:\n{log[-3000:]}")
            try:
                with urllib.request.urlopen(self.metadata_url, timeout=2) as response:
                    if response.status == 200:
                        self.startup_seconds = time.monotonic() - began
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        log = self.log_text()
        self.stop()
        raise OidcServerError(f"mock-oauth2-server did not answer {self.metadata_url} within "
                              f"{self.startup_timeout:.0f} s:\n{log[-3000:]}")

    def log_text(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=15)
        if process is not None and process.stdin:
            process.stdin.close()
        if self._log is not None:
            self._log.close()
            self._log = None
