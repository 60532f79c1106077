"""Tolerance at the counter (容缺受理): the request dialog on the intake screen, the
supervisor's approval (at the same counter or from the queue), the deadlines list with
termination, supplements from the case view, and their documents.

* :mod:`ui.tolerance.flow` — 容缺受理 (F12) on the intake screen: request, print the commitment
  for signature, capture the signed page, approval, 容缺受理通知书;
* :mod:`ui.tolerance.approval` — the supervisor's credentials and the approve / refuse dialog;
* :mod:`ui.tolerance.queue` — the approval queue screen (容缺审批), shared by every counter of
  the store;
* :mod:`ui.tolerance.deadlines` — the deadlines screen (补正期限) with counts and 终止办理;
* :mod:`ui.tolerance.supplement` — 补正 (F7) from the case view, with the 补正回执;
* :mod:`ui.tolerance.documents` — building, archiving and printing the documents;
* :mod:`ui.tolerance.wiring` — how it plugs into the main window.
"""
