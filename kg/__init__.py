"""kg: turn news articles into an RDF knowledge graph of people, places,
organisations and meetings, with the evidence for every fact.

>>> import kg                                     # doctest: +SKIP
>>> graph = kg.build(["examples/"])               # doctest: +SKIP
>>> print(graph.query("SELECT ?who ?m WHERE { ?who kg:postponed ?m }", fmt="table"))  # doctest: +SKIP
"""
from .api import BuildReport, KnowledgeGraph, build

__all__ = ["BuildReport", "KnowledgeGraph", "build", "open_graph"]
__version__ = "0.1.0"


def open_graph(directory: str = "output", in_memory: bool = False) -> KnowledgeGraph:
    """Open a graph built earlier with ``kg build`` (read-only; ``in_memory`` queries a copy in RAM)."""
    return KnowledgeGraph.open(directory, in_memory=in_memory)
