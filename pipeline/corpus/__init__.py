"""Corpus-level tools: they read many records (typed ``PlanRecord``s) and never a single file's
text: evaluation against gold, the citation graph, and the comparison database."""
