"""careerkit's own workbooks, one folder each (description, logic, charts, views).

Each registers in the ``careerkit.workbooks`` entry point group, like any other pack."""
