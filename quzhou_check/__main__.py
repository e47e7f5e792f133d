"""``python -m quzhou_check`` is the same as ``qzcheck``."""

import sys

from .cli import main

sys.exit(main())
