"""`python -m local`: clear failures with exit code 1, a clean stop on Ctrl-C, and a reset that wipes only data."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from local.cli import main
from local.dynalite import PROJECT_ROOT, free_port, port_in_use


def test_missing_assembly_exits_1_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--assembly", str(tmp_path / "cdk.out"), "--port", str(free_port())])

    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "make synth" in err


def test_unknown_stage_exits_1_naming_the_stages(assembly: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--assembly", str(assembly), "--stage", "prod", "--port", str(free_port())])

    assert code == 1
    assert "stages found: dev" in capsys.readouterr().err


def test_port_in_use_exits_1(assembly: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()

        code = main(["run", "--assembly", str(assembly), "--port", str(taken.getsockname()[1])])

    assert code == 1
    assert "already in use" in capsys.readouterr().err


def test_reset_removes_only_the_database_folders(tmp_path: Path) -> None:
    (tmp_path / "dynalite" / "db").mkdir(parents=True)
    (tmp_path / "notes").mkdir()

    assert main(["reset", "--data-dir", str(tmp_path)]) == 0

    assert not (tmp_path / "dynalite").exists()
    assert (tmp_path / "notes").is_dir()


def test_run_prints_what_a_user_needs_and_stops_cleanly_on_ctrl_c(assembly: Path, tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "local", "run", "--assembly", str(assembly), "--port", str(port),
               "--data-dir", str(tmp_path), "--workers", "1"]  # fmt: skip
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    banner = []
    assert process.stdout is not None
    for line in process.stdout:
        banner.append(line)
        if line.startswith("Press Ctrl-C"):
            break

    process.send_signal(signal.SIGINT)
    rest, _ = process.communicate(timeout=30)

    printed = "".join(banner)
    assert f"Base URL: http://127.0.0.1:{port}/dev" in printed
    assert "export AWS_ACCESS_KEY_ID=AKIALOCALDEVELOPER00" in printed
    assert "export AWS_REGION=us-east-1" in printed
    assert 'curl --aws-sigv4 "aws:amz:us-east-1:execute-api"' in printed
    assert f"Data folder: {tmp_path / 'dynalite'}" in printed
    assert process.returncode == 0
    assert rest.rstrip().endswith("stopped.")
    assert not port_in_use(port)
