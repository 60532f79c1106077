"""The intake screen (受理): guide questions, the one form, the material checklist, decisions.

Modules:
    field_widgets: one widget per catalog field type with a common interface.
    guide: the guide questions (情形引导) as keyboard-friendly option rows.
    form: the one form (一表申请), grouped, keeping widgets while the situation changes.
    checklist: the material checklist (材料清单) and what was received.
    decisions: 受理 / 一次性告知 / 不予受理 actions, their shortcuts and dialogs.
    screen: the screen that puts them together for one :class:`counter.intake.Intake`.
"""

