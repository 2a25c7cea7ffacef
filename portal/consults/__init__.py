"""Goal-setting before talks: plan, prepare, take a card along, evaluate, keep agreements."""
