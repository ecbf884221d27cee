"""The graph as a networkx ``MultiDiGraph``: entities and meetings as nodes, facts as edges.

Read from the store with SPARQL, so it works on any built graph. Each node
has ``label``, ``type`` (Person, Place, Organization, Meeting) and, for
meetings, ``kind``, ``date`` and ``status``; each edge has ``predicate`` and
``evidence``: a list of dicts with the sentence, the article id, title, date
and URL.

>>> from kg.store import OxigraphStore
>>> to_networkx(OxigraphStore.in_memory()).number_of_nodes()
0
"""
from __future__ import annotations

import networkx as nx

from .vocab import KG
from .store import OxigraphStore

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


def to_networkx(store: OxigraphStore) -> nx.MultiDiGraph:
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


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_NODE_ATTRS = {
    "http://www.w3.org/2004/02/skos/core#prefLabel": "label",
    "http://www.w3.org/2000/01/rdf-schema#label": "rdfs_label",
    "http://www.w3.org/2004/02/skos/core#altLabel": "aliases",
    KG + "kind": "kind",
    KG + "date": "date",
    KG + "status": "status",
}
_CHUNK = 300


def _local_name(iri: str) -> str:
    """``kg:postponed`` -> ``postponed``; any other IRI -> the part after its last ``#`` or ``/``."""
    if iri.startswith(KG):
        return iri[len(KG):]
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def _term_id(term) -> str:
    """A node id like :func:`to_networkx` uses: the IRI itself; ``_:id`` for a blank node."""
    import pyoxigraph as ox

    return term.value if isinstance(term, ox.NamedNode) else str(term)


def _evidence(sol) -> dict:
    return {"sentence": _v(sol, "sentence"), "article": _v(sol, "docid") or _v(sol, "doc"),
            "title": _v(sol, "title"), "published": _v(sol, "issued"), "url": _v(sol, "url"),
            "speaker": _v(sol, "speaker")}


def _with_values(query: str, values: str) -> str:
    """``query`` restricted by a ``VALUES`` block placed first in its WHERE clause."""
    return query.replace("WHERE {", "WHERE {\n  " + values, 1)


def from_triples(triples, store: OxigraphStore | None = None) -> nx.MultiDiGraph:
    """The networkx view of a set of triples, such as what a CONSTRUCT query returns.

    A triple between two resources becomes an edge keyed by the predicate's
    local name (``kg:postponed`` -> ``postponed``); ``rdf:type kg:X``,
    labels, ``skos:altLabel``, ``kg:kind``, ``kg:date`` and ``kg:status``
    become node attributes, as in :func:`to_networkx`. With ``store``, what
    the triples leave out is read from it: the type, label, aliases and
    meeting facts of every node the triples do not type, and the evidence of
    every kg edge. So ``CONSTRUCT { ?who kg:postponed ?m } WHERE { ... }``
    draws labelled nodes whose edges carry their evidence sentences.

    >>> import pyoxigraph as ox
    >>> t = ox.Triple(ox.NamedNode("http://x/a"), ox.NamedNode(KG + "proposed"), ox.NamedNode("http://x/m"))
    >>> list(from_triples([t]).edges(keys=True))
    [('http://x/a', 'http://x/m', 'proposed')]
    """
    import pyoxigraph as ox

    g = nx.MultiDiGraph()
    attrs: dict[str, dict] = {}
    edges: dict[tuple[str, str, str], str] = {}  # (s, key, o) -> predicate IRI

    def node(term) -> str:
        n = _term_id(term)
        attrs.setdefault(n, {"aliases": []})
        return n

    for t in triples:
        s, p, o = node(t.subject), t.predicate.value, t.object
        if p == _RDF_TYPE and isinstance(o, ox.NamedNode):
            if o.value.startswith(KG) or "type" not in attrs[s]:
                attrs[s]["type"] = _local_name(o.value)
        elif p in _NODE_ATTRS and isinstance(o, (ox.Literal, ox.NamedNode)):
            name = _NODE_ATTRS[p]
            value = o.value.rsplit("/kind/", 1)[-1] if name == "kind" else o.value
            if name == "aliases":
                if value not in attrs[s]["aliases"]:
                    attrs[s]["aliases"].append(value)
            else:
                attrs[s].setdefault(name, value)
        elif isinstance(o, (ox.NamedNode, ox.BlankNode)):
            edges.setdefault((s, _local_name(p), node(o)), p)

    if store is not None:
        _fill_nodes_from_store(store, attrs)
    for n, a in attrs.items():
        label = a.pop("label", None) or a.pop("rdfs_label", None) or n.rsplit("/", 1)[-1]
        a.pop("rdfs_label", None)
        a["aliases"] = sorted(a["aliases"])
        g.add_node(n, label=label, type=a.pop("type", None), **a)

    evidence = _evidence_from_store(store, edges) if store is not None else {}
    for (s, key, o), p in sorted(edges.items()):
        evs = sorted(evidence.get((s, p, o), []), key=lambda e: (e["article"] or "", e["sentence"]))
        g.add_edge(s, o, key=key, predicate=key, evidence=evs)
    return g


def _fill_nodes_from_store(store: OxigraphStore, attrs: dict[str, dict]) -> None:
    """Type, label, aliases and meeting facts from the store for the IRIs the triples left untyped."""
    todo = [n for n, a in attrs.items() if "type" not in a and not n.startswith("_:")]
    for i in range(0, len(todo), _CHUNK):
        values = "VALUES ?n { " + " ".join(f"<{n}>" for n in todo[i:i + _CHUNK]) + " }"
        for sol in store.query(_with_values(_NODES, values)):
            a = attrs[_v(sol, "n")]
            a.setdefault("type", _v(sol, "type"))
            for k in ("label", "kind", "date", "status"):
                if _v(sol, k) and k not in a:
                    a[k] = _v(sol, k)
        for sol in store.query(_with_values(_ALIASES, values)):
            a = attrs[_v(sol, "n")]
            if _v(sol, "alias") not in a["aliases"]:
                a["aliases"].append(_v(sol, "alias"))


def _evidence_from_store(store: OxigraphStore, edges: dict) -> dict[tuple[str, str, str], list[dict]]:
    """Evidence sentences for the kg facts among ``edges`` ((s, key, o) -> predicate IRI)."""
    facts = sorted({(s, p, o) for (s, _, o), p in edges.items()
                    if p.startswith(KG) and p[len(KG):] in PREDICATES and not s.startswith("_:") and not o.startswith("_:")})
    out: dict[tuple[str, str, str], list[dict]] = {}
    for i in range(0, len(facts), _CHUNK):
        values = "VALUES (?s ?p ?o) { " + " ".join(f"(<{s}> <{p}> <{o}>)" for s, p, o in facts[i:i + _CHUNK]) + " }"
        for sol in store.query(_with_values(_EDGES, values)):
            if not _v(sol, "sentence"):
                continue
            evs = out.setdefault((_v(sol, "s"), _v(sol, "p"), _v(sol, "o")), [])
            ev = _evidence(sol)
            if ev not in evs:
                evs.append(ev)
    return out
