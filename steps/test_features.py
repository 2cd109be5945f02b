"""Bind every feature file to pytest; the scenarios' bodies are the steps themselves."""

from pytest_bdd import scenarios

scenarios(".")
