"""Demo data for development shops: a drawn catalogue and the seed that stores it with demo accounts.

Not business rules: `flask seed-demo` loads it only when asked, and production refuses it."""
