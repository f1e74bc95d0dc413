"""center.yml: the center's identity and its own answers, checked when loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from harbor.center import ANSWER_SUBJECTS, empty_field_warnings, load_center


def center_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "center.yml"
    path.write_text(text)
    return path


def test_the_shipped_center_file_loads_with_every_subject():
    center = load_center()

    assert set(center.answers) == set(ANSWER_SUBJECTS)


def test_a_filled_in_answer_is_read(tmp_path):
    path = center_file(tmp_path, "name: Harbor House\nanswers:\n  visiting: Sundays 1 to 4 pm.\n")

    assert load_center(path).answer("visiting") == "Sundays 1 to 4 pm."


@pytest.mark.parametrize(
    ("text", "error"),
    [("name: H\nanswers:\n  parking: free\n", "unknown answers \\['parking'\\]"),
     ("name: H\nanswers:\n  program_length: 30\n", "must be text"),
     ("name: H\nanswers: [cost]\n", "must be a mapping")],
    ids=["unknown subject", "number instead of text", "list instead of mapping"],
)
def test_a_malformed_answers_section_is_a_clear_error(tmp_path, text, error):
    with pytest.raises(ValueError, match=error):
        load_center(center_file(tmp_path, text))


def test_every_empty_field_is_warned_about(tmp_path):
    path = center_file(tmp_path, "name: H\nphone: 555-0100\nhours: 9-5\nwebsite: h.org\n"
                                 "answers:\n  visiting: Sundays.\n")

    warnings = empty_field_warnings(load_center(path))

    assert [w.split(" ", 1)[0] for w in warnings] == [
        f"answers.{key}" for key in ANSWER_SUBJECTS if key != "visiting"
    ]


def test_an_unknown_subject_cannot_be_asked_for():
    with pytest.raises(KeyError, match="unknown center subject"):
        load_center().answer("parking")
