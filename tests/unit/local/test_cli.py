"""`python -m local`: clear failures with exit code 1, a clean stop on Ctrl-C, and a reset that wipes only data."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from configuration.paths import PROJECT_ROOT
from local.cli import main
from local.database.dynalite import free_port, port_in_use


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
    err = capsys.readouterr().err
    assert "already in use" in err
    assert "to serve on a free port: make run PORT=" in err


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
    assert "export " not in printed  # exported keys would outrank the user's own AWS settings in their shell
    assert "make local-shell STAGE=dev" in printed
    assert 'curl --aws-sigv4 "aws:amz:us-east-1:execute-api"' in printed
    assert f"Data folder: {tmp_path / 'dynalite'}" in printed
    assert process.returncode == 0
    assert rest.rstrip().endswith("stopped.")
    assert not port_in_use(port)


def _start(assembly: Path, data_dir: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "local", "run", "--assembly", str(assembly), "--port", str(free_port()),
               "--data-dir", str(data_dir), "--workers", "1"]  # fmt: skip
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("Press Ctrl-C"):
            return process
    raise AssertionError(f"the local stack did not start: {process.communicate(timeout=30)[0]}")


def test_reset_refuses_while_a_local_stack_uses_the_data(
    assembly: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    process = _start(assembly, tmp_path)
    try:
        refused = main(["reset", "--data-dir", str(tmp_path)])
        err = capsys.readouterr().err
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)

    assert refused == 1
    assert f"a local stack (process {process.pid}) is using {tmp_path}" in err
    assert (tmp_path / "dynalite").is_dir()
    assert main(["reset", "--data-dir", str(tmp_path)]) == 0  # stopped: the data may go
    assert not (tmp_path / "dynalite").exists()


def test_a_second_stack_on_the_same_data_exits_1(assembly: Path, tmp_path: Path, capsys) -> None:
    process = _start(assembly, tmp_path)
    try:
        code = main(["run", "--assembly", str(assembly), "--port", str(free_port()), "--data-dir", str(tmp_path)])
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)

    assert code == 1
    assert "another local stack" in capsys.readouterr().err


@pytest.mark.component  # runs a subshell
def test_the_local_credentials_reach_a_command_in_a_subshell_only(monkeypatch, capfd) -> None:
    monkeypatch.setenv("AWS_PROFILE", "tooling")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "a-token-of-the-users")
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    probe = "import os, boto3; print(os.environ.get('AWS_PROFILE'), boto3.Session().get_credentials().access_key)"

    code = main(["shell", "--stage", "dev", "--", sys.executable, "-c", probe])

    assert code == 0
    assert capfd.readouterr().out.split() == ["None", "AKIALOCALDEVELOPER00"]
    assert os.environ["AWS_PROFILE"] == "tooling" and "AWS_ACCESS_KEY_ID" not in os.environ
