"""The shared spaCy pipeline: built to a folder Rasa loads, or in memory when missing."""

from __future__ import annotations

import spacy

from safety.nlp import build_pipeline, load_pipeline, main


def test_build_pipeline_writes_a_folder_spacy_loads_with_lemmas(tmp_path):
    path = tmp_path / "spacy-en"
    build_pipeline(path)

    nlp = spacy.load(path)
    assert nlp.pipe_names == ["lemmatizer"]
    assert [t.lemma_ for t in nlp("she was cutting")] == ["she", "be", "cut"]


def test_a_missing_folder_builds_the_pipeline_in_memory(tmp_path):
    nlp = load_pipeline(tmp_path / "not-built")

    assert [t.lemma_ for t in nlp("overdosed")] == ["overdose"]
    assert not (tmp_path / "not-built").exists()


def test_load_pipeline_is_cached(tmp_path):
    assert load_pipeline(tmp_path / "x") is load_pipeline(tmp_path / "x")


def test_the_build_command_writes_the_folder(tmp_path):
    assert main(["build", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "meta.json").exists()
