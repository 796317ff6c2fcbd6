"""Spark for the measure tests: ONE local SparkSession per pytest process, and a real Spark Connect server.

Import the fixtures in a test module (``from measure_spark import spark_session  # noqa: F401``) and
ask for ``spark_session``: the first test that needs it starts a local[2] session (about 7 s), every
later one shares it; it is stopped at the end of the run, and its JVM exits with it. Engines made by
``open_engine("spark")`` while it runs share its JVM through ``newSession()`` (their own temp views).

:func:`connect_server` starts pyspark's own Spark Connect server (the spark-connect jar ships in
pyspark 4's jars) on a free port with spark-submit, waits until the port answers, and stops it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

CONNECT_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"


@pytest.fixture(scope="session")
def spark_session() -> Iterator[SparkSession]:
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("cjmap tests")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "2").config("spark.sql.session.timeZone", "UTC").getOrCreate())
    session.sparkContext.setLogLevel("OFF")
    yield session
    session.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def connect_server(folder: Path, *, timeout: float = 90) -> Iterator[str]:
    """A running Spark Connect server; yields its ``sc://`` address. Its logs land in ``folder``."""
    import pyspark

    home = Path(pyspark.__file__).parent
    port = _free_port()
    command = [str(home / "bin" / "spark-submit"), "--class", CONNECT_CLASS, "--master", "local[2]",
               "--conf", f"spark.connect.grpc.binding.port={port}", "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
               "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2", "--conf", "spark.sql.session.timeZone=UTC",
               "--conf", f"spark.local.dir={folder}", "spark-internal"]
    log = open(folder / "connect.log", "wb")  # noqa: SIM115  (held open while the server runs)
    environment = {**os.environ, "SPARK_HOME": str(home), "SPARK_CONNECT_MODE": "0"}
    server = subprocess.Popen(command, stdout=log, stderr=log, env=environment, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while not answers(port):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Spark Connect did not start:\n" + (folder / "connect.log").read_text(errors="replace")[-3000:])
            time.sleep(0.3)
        yield f"sc://127.0.0.1:{port}"
    finally:
        _stop(server)
        log.close()


def _stop(server: subprocess.Popen[bytes]) -> None:
    """The server and its JVM (spark-submit execs java in the same process group) are ended, then waited for."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


def java_available() -> bool:
    return shutil.which("java") is not None or bool(os.environ.get("JAVA_HOME"))
