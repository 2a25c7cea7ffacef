"""Evaluation: the pilot's measures as anonymous figures, and the employee's outcome questions."""
