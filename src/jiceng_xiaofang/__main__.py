"""``python -m jiceng_xiaofang``: the same command line as ``jiceng-xiaofang``."""

import sys

from .cli import main

sys.exit(main())
