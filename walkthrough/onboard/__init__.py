"""Onboarding: explore a deployment the harness has never seen and propose its profile.

`python -m walkthrough.onboard BASE_URL --captcha-fixed ANSWER --smtp HOST:PORT -o FILE` walks
it as a person would and writes only the entries that differ from the catalogue's defaults,
each with its evidence; `--check FILE` says which lines of a profile no longer match.
"""
