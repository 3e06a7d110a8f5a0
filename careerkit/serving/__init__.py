"""Serving: the app (Voilà), the command line and workshops; it knows every layer below it."""
