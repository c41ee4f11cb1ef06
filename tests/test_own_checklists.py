"""Authors' and venues' own checklists: --checklist PATH.toml, AUDITOR_CHECKLIST_PATH and
``auditor checklists --paths``, validated exactly like the shipped checklists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import build_git_repo

from auditor.checklists import ENV_PATH, get_checklists
from auditor.cli import main
from auditor.errors import InputError

HOUSE = """id = "house-rules"
title = "Our lab's house rules"
version = "2"
order = 5

[[checks]]
id = "license"
title = "Licence file"
why = "Without a licence nobody may reuse the code."
fix = "Add a LICENSE file."
detector = "code_license"

[[checks]]
id = "deps"
title = "Dependencies"
why = "w"
fix = "f"
detector = "dependencies"
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return folder / name


def test_checklist_file_beside_installed_ids(tmp_path: Path, capsys) -> None:
    house = write(tmp_path / "lab", "house-rules.toml", HOUSE)
    build_git_repo(tmp_path / "r", {"README.md": "# x\n", "LICENSE": "MIT License\n"})
    out = tmp_path / "out"
    argv = ["audit", "--repo", str(tmp_path / "r"), "--out", str(out), "-q", "--format", "json"]
    assert main([*argv, "--checklist", str(house), "--checklist", "ml-code-completeness"]) == 0
    data = json.loads((out / "report.json").read_text())
    assert [c["id"] for c in data["checklists"]] == ["house-rules", "ml-code-completeness"]
    house_result = data["checklists"][0]
    assert house_result["title"] == "Our lab's house rules" and house_result["version"] == "2"
    statuses = {f["check"]: f["status"] for f in house_result["findings"]}
    assert statuses == {"license": "pass", "deps": "fail"}
    assert house_result["findings"][0]["why"] == "Without a licence nobody may reuse the code."


@pytest.mark.parametrize(
    "text, needle",
    [
        (HOUSE.replace('detector = "code_license"', 'detector = "nope"'),
         "check 'license': unknown detector 'nope'"),
        (HOUSE.replace('id = "deps"', 'id = "license"'), "check 'license': duplicate check id"),
        (HOUSE.replace('fix = "f"\n', 'fix = "f"\ncolour = "red"\n'), "invalid checklist"),
        (HOUSE.replace('id = "house-rules"', 'id = "other"'), "must match the file name"),
        (HOUSE + "[[checks\n", "invalid checklist"),
    ],
)  # fmt: skip
def test_own_checklist_is_validated_like_shipped(tmp_path: Path, text: str, needle: str) -> None:
    path = write(tmp_path, "house-rules.toml", text)
    with pytest.raises(InputError) as err:
        get_checklists([str(path)])
    assert str(path) in str(err.value) and needle in str(err.value)


def test_missing_file_and_clashing_ids(tmp_path: Path, capsys) -> None:
    assert main(["audit", "--repo", str(tmp_path), "--checklist", "nope/x.toml"]) == 2
    assert "checklist file not found: nope/x.toml" in capsys.readouterr().err
    clash = write(tmp_path / "c", "ml-code-completeness.toml", HOUSE.replace("house-rules",
                  "ml-code-completeness"))  # fmt: skip
    with pytest.raises(InputError, match="two checklists with id 'ml-code-completeness'"):
        get_checklists(["ml-code-completeness", str(clash)])


def test_checklist_path_env_adds_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    lab = tmp_path / "lab"
    write(lab, "house-rules.toml", HOUSE)
    write(lab, "ml-code-completeness.toml", HOUSE.replace("house-rules", "ml-code-completeness"))
    monkeypatch.setenv(ENV_PATH, f"{lab}:{tmp_path / 'missing'}")
    assert main(["checklists"]) == 0
    listing = capsys.readouterr().out
    assert "house-rules v2: Our lab's house rules" in listing
    assert "ML Code Completeness Checklist" in listing  # the shipped one, not the lab's copy
    assert main(["checklists", "--paths"]) == 0
    paths = capsys.readouterr().out
    assert f"{lab} [{ENV_PATH}]\n  - house-rules\n  - ml-code-completeness (shadowed" in paths
    assert f"{tmp_path / 'missing'} [{ENV_PATH} (missing)]" in paths
    assert "[shipped]\n  - code-reproducibility" in paths
    ids = [c.id for c in get_checklists(["house-rules"])]
    assert ids == ["house-rules"]
    # a default checklist in an extra folder runs by default, in its order
    assert "house-rules" in [c.id for c in get_checklists(None)]
    monkeypatch.delenv(ENV_PATH)
    assert "house-rules" not in [c.id for c in get_checklists(None)]
    with pytest.raises(InputError, match="unknown checklist 'house-rules'"):
        get_checklists(["house-rules"])


def test_audit_help_lists_the_new_options(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["audit", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for opt in ("--checklist ID|PATH.toml", "--no-waivers", "--no-config", "--check-links",
                "--no-write", "sarif"):  # fmt: skip
        assert opt in text, opt


def test_no_write_writes_nothing(tmp_path: Path, capsys) -> None:
    build_git_repo(tmp_path / "r", {"README.md": "# x\n"})
    out = tmp_path / "out"
    assert main(["audit", "--repo", str(tmp_path / "r"), "--out", str(out), "--no-write"]) == 0
    assert not out.exists()
    assert "ML Code Completeness Checklist: 0/5" in capsys.readouterr().out


@pytest.mark.parametrize(
    "text, needle",
    [
        (HOUSE.replace('detector = "code_license"', 'detector = "nope"'),
         "check 'license': unknown detector 'nope'"),
        (HOUSE.replace('detector = "dependencies"\n', 'detector = "dependencies"\nparams = '
                       '{ colour = "red" }\n'), "bad params for 'dependencies'"),
        (HOUSE.replace('id = "deps"', 'id = "license"'), "check 'license': duplicate check id"),
    ],
)  # fmt: skip
def test_batch_checks_detectors_before_any_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, needle: str
) -> None:
    """A batch has its fork server check the detector names and params (this process does not
    import the detectors); a bad one is still one line and exit 2, and no batch is started."""
    path = write(tmp_path, "house-rules.toml", text)
    build_git_repo(tmp_path / "r", {"README.md": "# x\n", "LICENSE": "MIT License\n"})
    csv = tmp_path / "entries.csv"
    csv.write_text(f"id,repo\nr1,{tmp_path / 'r'}\n")
    out = tmp_path / "batch"
    argv = ["batch", str(csv), "--out", str(out), "--checklist", str(path), "-q"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0] and str(path) in err[0], err
    assert not (out / "results.sqlite").exists()
    # a good checklist runs
    good = write(tmp_path / "ok", "house-rules.toml", HOUSE)
    argv = ["batch", str(csv), "--out", str(out), "--checklist", str(good), "-q"]
    assert main(argv) == 0
    assert (out / "results.sqlite").exists()
