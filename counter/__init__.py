"""Counter Desk domain core (综窗受理台核心).

Pure Python: no Qt, no HTTP, no reportlab. The UI, the CLI, printing and sync reach
the store and the rules only through :mod:`counter.services`.
"""
