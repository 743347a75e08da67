"""Inference on the indicators: what the figures can and cannot support.

The analysis layer between the arithmetic (``indicators``) and the words (``report``,
``actions``). Each module is pure, works on counts or computed figures, imports only
``codes`` and ``indicators``, and returns facts (numbers and status codes), never
sentences:

- ``funnel``: is an authority's relative likelihood outside what chance allows around
  the national one (Spiegelhalter 2005: exact tails for small counts and zeros,
  over-dispersion check and random-effects allowance)?
- ``change``: is the change between two years clear, allowing for both years'
  uncertainty, and which authorities can be compared like for like?
- ``stratified``: the national relative likelihood within authorities
  (Mantel-Haenszel), with model-based and cluster-robust intervals, and how much the
  authorities differ (over-dispersion).
- ``judgement``: clearly worse / met / watch, read from intervals and tests.
"""
