"""parley-speech: a worker process that hosts offline speech models for the Parley server."""

__version__ = "0.1.0"
