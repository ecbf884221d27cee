"""The graph as a networkx ``MultiDiGraph``: entities and meetings as nodes, facts as edges.

Read from the store with SPARQL, so it works on any built graph. Each node
has ``label``, ``type`` (Person, Place, Organization, Meeting) and, for
meetings, ``kind``, ``date`` and ``status``; each edge has ``predicate`` and
``evidence``: a list of dicts with the sentence, the article id, title, date
and URL.

>>> from kg.store import GraphStore
>>> to_networkx(GraphStore.in_memory()).number_of_nodes()
0
"""
from __future__ import annotations

import networkx as nx

from .rdf import KG
from .store import GraphStore

TYPES = ("Person", "Place", "Organization", "Meeting")
PREDICATES = ("proposed", "agreed", "postponed", "mediated", "participant", "location", "affiliation")

_NODES = """
SELECT ?n ?type ?label ?kind ?date ?status WHERE {
  ?n a ?t . VALUES (?t ?type) { (kg:Person "Person") (kg:Place "Place") (kg:Organization "Organization") (kg:Meeting "Meeting") }
  OPTIONAL { ?n skos:prefLabel|rdfs:label ?label }
  OPTIONAL { ?n kg:kind ?k . BIND(STRAFTER(STR(?k), "/kind/") AS ?kind) }
  OPTIONAL { ?n kg:date ?date }
  OPTIONAL { ?n kg:status ?status }
}"""

_ALIASES = "SELECT ?n ?alias WHERE { ?n skos:altLabel ?alias }"

_EDGES = """
SELECT ?s ?p ?o ?sentence ?doc ?docid ?title ?issued ?url ?speaker WHERE {
  VALUES ?p { kg:proposed kg:agreed kg:postponed kg:mediated kg:participant kg:location kg:affiliation }
  ?s ?p ?o .
  OPTIONAL {
    ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:sentence ?sentence ; prov:wasDerivedFrom ?doc .
    OPTIONAL { ?doc dct:identifier ?docid }
    OPTIONAL { ?doc dct:title ?title }
    OPTIONAL { ?doc dct:issued ?issued }
    OPTIONAL { ?doc dct:source ?url }
    OPTIONAL { ?ev prov:wasAttributedTo ?sp . ?sp skos:prefLabel ?speaker }
  }
}"""


def _v(sol, name):
    t = sol[name]
    return None if t is None else t.value


def to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """Build the networkx view of the store (one edge per subject, predicate, object)."""
    g = nx.MultiDiGraph()
    for sol in store.query(_NODES):
        n = _v(sol, "n")
        attrs = g.nodes[n] if n in g else {}
        data = {"type": _v(sol, "type"), "label": _v(sol, "label") or n.rsplit("/", 1)[-1]}
        for k in ("kind", "date", "status"):
            if _v(sol, k):
                data[k] = _v(sol, k)
        if n in g:
            attrs.update({k: v for k, v in data.items() if v})
        else:
            g.add_node(n, aliases=[], **data)
    for sol in store.query(_ALIASES):
        n = _v(sol, "n")
        if n in g and _v(sol, "alias") not in g.nodes[n]["aliases"]:
            g.nodes[n]["aliases"].append(_v(sol, "alias"))
    edges: dict[tuple[str, str, str], list[dict]] = {}
    for sol in store.query(_EDGES):
        s, p, o = _v(sol, "s"), _v(sol, "p")[len(KG):], _v(sol, "o")
        if s not in g or o not in g:
            continue
        evs = edges.setdefault((s, p, o), [])
        if _v(sol, "sentence"):
            ev = {"sentence": _v(sol, "sentence"), "article": _v(sol, "docid") or _v(sol, "doc"),
                  "title": _v(sol, "title"), "published": _v(sol, "issued"), "url": _v(sol, "url"),
                  "speaker": _v(sol, "speaker")}
            if ev not in evs:
                evs.append(ev)
    for (s, p, o), evs in sorted(edges.items()):
        g.add_edge(s, o, key=p, predicate=p, evidence=sorted(evs, key=lambda e: (e["article"] or "", e["sentence"])))
    for n in g:
        g.nodes[n]["aliases"].sort()
    return g
