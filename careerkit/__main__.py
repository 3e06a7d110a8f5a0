"""``python -m careerkit``: the same as the ``careerkit`` command."""

import sys

from .cli import main

sys.exit(main())
