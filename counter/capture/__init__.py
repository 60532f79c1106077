"""Capturing the applicant's paper (材料采集): pure Python, Pillow only, no Qt.

* :mod:`counter.capture.processing` — one image in, one normalised page out (EXIF orientation,
  colour or greyscale, downscaling, JPEG, blank-page detection, decompression-bomb guard).
* :mod:`counter.capture.importers` — split a file (JPEG, PNG, BMP, multi-page TIFF, PDF) into
  normalised pages, all of them or none.
* :mod:`counter.capture.hotfolder` — a poller for the folder a document camera (高拍仪) or a
  scanner saves into.
* :mod:`counter.capture.codes` — what a scanner-gun code (扫码枪) is: a case number, an
  e-licence, an ID QR code, a queue ticket, or nothing known.

The use cases that store pages and link them to a material are in
:mod:`counter.services.capture`.
"""
