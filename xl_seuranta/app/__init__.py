"""Entry points and the jobs they share: services, CLI, ribbon macros, cell functions, server."""
