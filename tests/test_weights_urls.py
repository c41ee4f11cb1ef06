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
