"""vnplan pipeline: readers, normalisation, batch runs, evaluation and the CLI."""
