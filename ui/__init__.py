"""The desktop client (PySide6): windows, screens, widgets and Qt item models.

Nothing in this package creates a Qt object at import time; :func:`ui.app.run_gui` builds the
``QApplication``, the one :class:`counter.app.AppContext` and the main window. Widgets only
call the services on that context (they never open a database session).

Modules:
    app: start-up (``run_gui``), start-up benchmark protocol.
    fonts: the bundled CJK font and the application font.
    i18n: translators (source strings are Chinese; ``--lang en`` loads English).
    errors: ``show_error`` and the uncaught-exception hook.
    main_window: the main window; it only arranges screens.
    screen: the base class of a screen.
    catalog_browser: the catalog search screen.
    result_list: the Qt model and delegate of the search results.
    item_view: the guide of an item or a package (办事指南).
    guide: presentation helpers (condition texts, merged material checklist).
"""
