"""Capturing the applicant's paper at the window (材料采集): the desktop side.

* :class:`~ui.capture.pages.MaterialPagesWidget` — the pages of one material: thumbnails,
  reorder, rotate, delete, full-size view, drag and drop, file import.
* :class:`~ui.capture.worker.CaptureWorker` — runs processing off the GUI thread.
* :class:`~ui.capture.hotfolder.HotFolderWatcher` — routes a document camera's hot folder to
  the material selected on screen.
* :class:`~ui.capture.camera.CameraCaptureWidget` — a camera through QtMultimedia.
* :class:`~ui.capture.webchannel.WebChannelCamera` — document-camera drivers that expose a
  Qt WebChannel service over a local WebSocket.
* :class:`~ui.capture.pdf.QtPdfRasteriser` — PDF pages rendered with QtPdf.

Modules are imported where used (``from ui.capture.pages import MaterialPagesWidget``): the
camera module loads QtMultimedia only when a camera widget is built.
"""
