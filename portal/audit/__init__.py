"""The access log: who read or changed an employee's data, append-only and hash-chained."""
