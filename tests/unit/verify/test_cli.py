"""`python -m verify`: one verdict over the whole assembly, and a clear stop when there is nothing to verify."""

from __future__ import annotations

from tests.unit.conftest import EXAMPLE_WAVES
from verify.assembly import load_stacks
from verify.cli import main, run_checks


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


def test_every_environment_of_the_three_wave_example_passes_every_check(three_waves) -> None:
    stacks = load_stacks(three_waves.outdir)
    results = run_checks(stacks, three_waves.config)
    coverage = {result.name.split()[1] for result in results if result.name.startswith("execution-policy")}

    assert [finding for result in results for finding in result.findings] == []
    assert coverage == {"items-api-dev", "items-api-staging", "items-api-prod", "items-api-prod-eu"}
    assert "wiring items-api-delivery-pipeline-eu-west-1 (111111111111/eu-west-1)" in [r.name for r in results]


def test_the_synth_overrides_are_given_to_verify_as_cdk_takes_them(three_waves, capsys) -> None:
    code = main(["--assembly", str(three_waves.outdir), "-c", f"waves=@{EXAMPLE_WAVES}"])

    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "ok   execution-policy items-api-prod-eu (333333333333/eu-west-1)" in printed


def test_a_configuration_the_assembly_was_not_synthesized_from_stops_naming_what_is_missing(
    synthesized, capsys
) -> None:
    code = main(["--assembly", str(synthesized.outdir), "-c", f"waves=@{EXAMPLE_WAVES}"])

    assert code == 2
    assert "no stack for environment(s) staging, prod-eu:" in capsys.readouterr().err


def test_an_assembly_with_environments_beyond_the_configuration_stops_naming_them(three_waves, capsys) -> None:
    code = main(["--assembly", str(three_waves.outdir)])

    assert code == 2
    assert "stack(s) items-api-prod-eu, items-api-staging of no configured environment" in capsys.readouterr().err
