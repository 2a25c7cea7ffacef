"""The e-learning 'Mijn Re-integratieplan' and the self-checks."""
