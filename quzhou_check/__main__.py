"""``python -m quzhou_check`` is the same as ``qzcheck``."""

from .cli import run

run()
