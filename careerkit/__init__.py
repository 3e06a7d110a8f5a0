"""careerkit: guided Jupyter workbooks that walk you, step by step, to your career calling."""

from careerkit._version import __version__
from careerkit.serving.api import __all__, __dir__, __getattr__, open_workbook  # the rest on first use
