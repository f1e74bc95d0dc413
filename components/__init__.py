"""Thin Rasa graph components that adapt Harbor's libraries to Rasa's NLU pipeline."""
