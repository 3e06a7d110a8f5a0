"""Storage: where answers are kept (SQLite or PostgreSQL), read back, backed up and made safe."""
