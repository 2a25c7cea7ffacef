"""The pilot's own measures, asked per chapter, module and the coaching."""
