"""Messages between an employee and their coach, check-ins and coach support."""
