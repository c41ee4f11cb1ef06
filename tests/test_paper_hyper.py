"""The hyperparameters check: value forms, tables, traps, how values were chosen, no training."""

from __future__ import annotations

import pytest

from auditor.detectors import Outcome, run_detector
from auditor.facts import Facts
from auditor.facts.paper import paper_from_pages

HEAD = "A Method for Testing Paper Audits\nAbstract\nWe propose a method and evaluate it.\n"
CORE_BUT_LR = "We train with Adam, a batch size of 64, for 100 epochs."


def audit(*lines: str, section: str = "4 Experiments") -> Outcome:
    page = (
        HEAD
        + section
        + "\n"
        + "\n".join(lines)
        + "\nReferences\n[1] A. Author. Grid search. 2020.\n"
    )
    return run_detector("paper_hyperparameters", Facts(paper=paper_from_pages([page])), {})


def found(o: Outcome) -> list[str]:
    return list(o.details["found"])  # type: ignore[call-overload]


def methods(o: Outcome) -> list[str]:
    return [t["method"] for t in o.details["tuning"]]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "sentence",
    [
        "The learning rate is fixed to 10−3 throughout.",
        "We use a learning rate of 1e-4 with cosine decay.",
        "The learning rate is set to 3 × 10^-4 for all runs.",
        "We use Adam with learning rate 3 · 10−3 and no decay.",
        "The step size η = 0.01 is kept constant.",
        "lr = 0.0008 with a cosine schedule.",
        "We use a 3e-6 learning rate for the solver.",
        "The learning rate for the critic is 1e-4.",
        "A cyclical learning rate bouncing between 1e-5 and 1e-4 is used.",
    ],
)
def test_learning_rate_value_forms(sentence: str) -> None:
    o = audit(CORE_BUT_LR, sentence)
    assert o.status == "pass", o.summary
    assert "learning rate" in found(o)


@pytest.mark.parametrize(
    "sentence",
    [
        "The learning rate is an important choice.",  # no value
        "We set the learning rate of hidden activations carefully.",
        "The regularization coefficient α = 1.0 is used.",  # α is not a learning rate
    ],
)
def test_learning_rate_needs_a_value(sentence: str) -> None:
    o = audit(CORE_BUT_LR, sentence)
    assert o.status == "partial"
    assert o.details["missing"] == ["learning rate"]


def test_learning_rate_column_of_a_hyperparameter_table() -> None:
    o = audit(
        CORE_BUT_LR,
        "Per-experiment settings are in Table 1.",
        "Experiment Figure(s) LR Solver Guide",
        "Main 1, 6 3e-6 REINFORCE 1",
        "Ablation 4 1e-6 CISPO 0",
        "Table 1: Per-experiment hyperparameters.",
    )
    assert o.status == "pass"
    assert any("3e-6" in (e.excerpt or "") for e in o.evidence)


def test_lr_header_without_values_under_it_does_not_count() -> None:
    o = audit(CORE_BUT_LR, "Method LR Solver Guide", "Main yes REINFORCE no", "Other no CISPO yes")
    assert o.status == "partial"
    assert "learning rate" not in found(o)


def test_value_pushed_below_a_table_by_extraction() -> None:
    o = audit(
        "We have used RMSProp with a batch size of 64 for 150 epochs. Learning rate is",
        "RNN GRU LSTM",
        "Vanilla 98.21 97.99 98.18",
        "Table 1: Accuracy on sMNIST.",
        "fixed to 10−3",
        ". Gradient clipping is tuned.",
    )
    assert o.status == "pass", o.summary
    lr = [e for e in o.evidence if "fixed to 10−3" in (e.excerpt or "")]
    assert lr and lr[0].page == 1


def test_dangling_name_without_a_value_below_stays_missing() -> None:
    o = audit(
        "We have used RMSProp with a batch size of 64 for 150 epochs. Learning rate is",
        "RNN GRU LSTM",
        "Vanilla 98.21 97.99 98.18",
    )
    assert o.status == "partial"
    assert o.details["missing"] == ["learning rate"]


def test_table_rows_give_training_length() -> None:
    o = audit(
        "Table 3: Training hyperparameters.",
        "Optimizer AdamW",
        "Epochs 100",
        "Learning rate 3e-4",
        "Batch size 256",
    )
    assert o.status == "pass", o.summary


def test_theorem_and_sampling_step_sizes_are_not_training_settings() -> None:
    o = audit(
        "We train with Adam and a batch size of 64 for 100 epochs.",
        "5 Sampling",
        "We use a learning rate of 0.01 linearly decayed for the first 100 steps.",
        "A Proof of Theorem 1",
        "With step size η = 0.1 the iterates converge.",
    )
    assert o.status == "partial"
    assert "learning rate" not in found(o)


def test_sampling_steps_figure_axes_and_frames_are_not_training_length() -> None:
    o = audit(
        "We use Adam with a learning rate of 1e-4 and a batch size of 64.",
        "We sample frames with 256 steps at test time.",
        "0 50 100 150 200 Iteration 0.42 0.45 training loss",
        "We learn to reverse this process in one of the two frames.",
        "Agents run with 100 iterations to obtain predicted patches.",
    )
    assert o.status == "partial"
    assert o.details["missing"] == ["training length"]


def test_training_length_needs_a_training_sentence() -> None:
    o = audit(CORE_BUT_LR.replace(", for 100 epochs", ""), "We train for 20,000 iterations.")
    assert "training length" in found(o)


@pytest.mark.parametrize(
    ("sentence", "method"),
    [
        ("The hyperparameters of all experiments are chosen based on grid search.", "grid search"),
        ("Step sizes are finetuned from a set {2^i}.", "grid search"),
        ("Hyperparameters were determined by a random search over all tasks.", "random search"),
        ("We sweep over learning rates {3e-7, 1e-6, 3e-6}.", "sweep"),
        ("These hyperparameters have been selected on the validation set.", "validation set"),
        ("Baselines use the best-reported hyperparameters by the original authors.", "prior work"),
        ("All other hyperparameters are kept as the defaults from that paper.", "defaults"),
        ("The learning rate was chosen in preliminary experiments.", "preliminary experiments"),
        ("All parameters except step sizes are taken as suggested in theory.", "theory"),
        ("The learning rate is chosen by backtracking line search.", "line search"),
        ("Hyperparameters were tuned with Bayesian optimization.", "Bayesian optimisation"),
    ],
)
def test_how_values_were_chosen_is_quoted(sentence: str, method: str) -> None:
    o = audit(CORE_BUT_LR, "The learning rate is 1e-3.", sentence)
    assert method in methods(o)
    assert method in o.summary and "page 1" in o.summary
    tuning = o.details["tuning"]
    assert isinstance(tuning, list) and tuning[0]["page"] == 1 and tuning[0]["quote"]
    assert any(sentence[:25] in (e.excerpt or "") for e in o.evidence)


@pytest.mark.parametrize(
    "lines",
    [
        # not about our settings
        ("2 Related Work", "Prior methods tune hyperparameters with grid search."),
        ("Performance could be improved with a grid search over hyperparameters.",),
        ("Following prior work, we use the Reddit TL;DR dataset.",),
        ("We select two examples in the validation set to demonstrate it.",),
        ("We ran 1000 times the Random search algorithm as a baseline.",),
    ],
)
def test_tuning_cues_that_are_not_about_the_chosen_values(lines: tuple[str, ...]) -> None:
    o = audit(*lines, "4 Results", CORE_BUT_LR, "The learning rate is 1e-3.")
    assert o.status == "pass"
    assert methods(o) == []
    assert "How the values were chosen is not stated." in o.summary


def test_full_batch_line_search_has_no_batch_size_to_report() -> None:
    o = audit(
        "We run gradient descent; the learning rate α is chosen by backtracking line search,",
        "satisfying the Armijo condition. Trajectories of gradient descent after 1000 iterations",
        "of training are shown.",
    )
    assert o.status == "pass", o.summary
    assert o.details["batch size"] == "full-batch"


def test_stochastic_training_still_needs_a_batch_size() -> None:
    o = audit("We train with SGD and a learning rate of 0.1 for 90 epochs.")
    assert o.status == "partial"
    assert o.details["missing"] == ["batch size"]


def test_other_settings_alone_are_partial() -> None:
    o = audit(
        "All experiments used logistic regression with L2 regularization coefficient α = 1.0."
    )
    assert o.status == "partial"
    assert o.details["other"] is True


def test_a_citation_after_dropout_is_not_a_value() -> None:
    o = audit("We fine-tune the model.", "Regularisers such as Dropout [27] help.")
    assert o.status == "fail"


def test_tuning_described_without_values_is_partial() -> None:
    o = audit(
        "We train the network; the hyperparameters were determined by a random search and the",
        "chosen values are available with our code.",
    )
    assert o.status == "partial"
    assert "only how the settings were chosen" in o.summary


def test_paper_that_says_it_trains_nothing_is_not_applicable_with_reason() -> None:
    o = audit("We prompt frozen LLMs and do not train or fine-tune any model.")
    assert o.status == "not_applicable"
    assert "trains no model weights (page 1)" in o.summary
    assert o.evidence and "do not train" in (o.evidence[0].excerpt or "")


def test_paper_without_own_training_is_not_applicable() -> None:
    o = audit("Surprisal is computed from pretrained LLMs. We exclude the training split.")
    assert o.status == "not_applicable"
    assert o.searched


def test_paper_that_trains_without_settings_fails() -> None:
    o = audit("We fine-tune Flan-T5 with LoRA on our data.")
    assert o.status == "fail"
    assert o.searched and "grid/random search" in o.searched
