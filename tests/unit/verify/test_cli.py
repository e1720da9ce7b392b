"""`python -m verify`: one verdict over the whole assembly, and a clear stop when there is nothing to verify."""

from __future__ import annotations

from verify.cli import main


def test_the_synthesized_app_passes_every_check(synthesized, capsys) -> None:
    code = main(["--assembly", str(synthesized.outdir)])

    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "verify passed (3 stacks" in printed
    assert "FAIL" not in printed


def test_a_folder_without_an_assembly_stops_with_what_to_run(tmp_path, capsys) -> None:
    code = main(["--assembly", str(tmp_path)])

    assert code == 2
    assert "run `make synth` first" in capsys.readouterr().err
