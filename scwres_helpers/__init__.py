"""scwres: reproducible reporting for the Social Care Workforce Race Equality Standard.

The pipeline, stage by stage: ``intake`` (read and validate returns) ->
``indicators`` (the arithmetic of the spec) -> ``disclosure`` (suppression) ->
``report`` (charts, tables and sentences) -> ``build`` (papermill orchestration,
cache, manifest) -> ``publish`` (Quarto or the bundled Pandoc + Typst renderer).
"""

__version__ = "0.1.0"
