"""The yearly collection cycle: the workbook authorities fill in, and the intake of what they send.

template (the data collection workbook) -> checks (its in-sheet warnings) ->
screen (is a received file safe to open at all) -> inbox (assess every file of an
inbox) -> filing (file, supersede, quarantine, ledger) -> feedback (what the
authority is told).
"""

from scwres_helpers.collection.inbox import InboxSummary, intake_inbox
from scwres_helpers.collection.template import TEMPLATE_REVISION, make_template, template_version

__all__ = ["InboxSummary", "TEMPLATE_REVISION", "intake_inbox", "make_template", "template_version"]
