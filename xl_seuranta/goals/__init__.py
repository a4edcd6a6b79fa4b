"""Goals and productivity actions: model, reading, text analysis and the follow-up sheet."""
