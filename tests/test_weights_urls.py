"""What kind of model artefact a README URL points at (detectors/repo/weights.py)."""

from __future__ import annotations

import pytest

from auditor.detectors.repo.weights import artefact


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://dl.example.org/simcon/100ep/checkpoint_0099.pth.tar", "file"),
        ("https://example.org/models/model.ckpt.zip", "file"),
        ("https://example.org/models/best.pth", "file"),
        ("https://huggingface.co/org/model-7b", "hub"),
        # beside the checkpoints, not checkpoints
        ("https://dl.example.org/simcon/100ep/pretrain.log", None),
        ("https://drive.google.com/file/d/abc/results.pdf", None),
        ("https://example.org/data/train.tar", None),
        ("https://github.com/org/repo/blob/main/train.py", None),
    ],
)
def test_artefact_kinds(url: str, kind: str | None) -> None:
    assert artefact(url) == kind


@pytest.mark.parametrize(
    ("line", "promised"),
    [
        ("We will release the pre-trained models soon.", True),
        ("- [ ] Release the pre-trained models", False),  # no promise verb: a plain to-do
        ("- [ ] We will release the pre-trained models soon.", True),
        # a ticked task-list item is done: the models are out, not promised
        ("- [X] We will release the pre-trained models soon.", False),
        ("* [x] checkpoints will be released", False),
        ("1. [x] pre-trained weights coming soon", False),
    ],
)
def test_ticked_task_item_is_no_promise(line: str, promised: bool) -> None:
    from auditor.detectors.repo.weights import _promises
    from auditor.facts.markdown import parse_document

    doc = parse_document("README.md", f"# Models\n\n{line}\n")
    assert bool(_promises(doc)) is promised
