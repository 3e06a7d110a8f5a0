"""``python -m careerkit``: the same as the ``careerkit`` command."""

import sys

from careerkit.serving.cli import main

sys.exit(main())
