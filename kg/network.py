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
import pyoxigraph as ox

from .store import OxigraphStore
from .vocab import DCT, KG, PROV, RDF, RDFS, SKOS, vocabulary

_NODES = """
SELECT ?n ?type ?label ?kind ?date ?status WHERE {
  ?n a ?t . VALUES (?t ?type) { %(types)s }
  OPTIONAL { ?n skos:prefLabel|rdfs:label ?label }
  OPTIONAL { ?n kg:kind ?k . BIND(STRAFTER(STR(?k), "/kind/") AS ?kind) }
  OPTIONAL { ?n kg:date ?date }
  OPTIONAL { ?n kg:status ?status }
}"""

_ALIASES = "SELECT ?n ?alias WHERE { ?n skos:altLabel ?alias }"

_EDGES = """
SELECT ?s ?p ?o ?sentence ?doc ?docid ?title ?issued ?url ?speaker WHERE {
  VALUES ?p { %(predicates)s }
  ?s ?p ?o .
  OPTIONAL {
    GRAPH ?doc {  # evidence is provenance: it lives in the graph of its article
      ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:sentence ?sentence ; prov:wasDerivedFrom ?doc .
      OPTIONAL { ?ev prov:wasAttributedTo ?sp . ?sp skos:prefLabel ?speaker }
    }
    OPTIONAL { ?doc dct:identifier ?docid }
    OPTIONAL { ?doc dct:title ?title }
    OPTIONAL { ?doc dct:issued ?issued }
    OPTIONAL { ?doc dct:source ?url }
  }
}"""


def _nodes_query() -> str:
    """The node query, for every node type of the vocabulary."""
    return _NODES % {"types": " ".join(f'(kg:{t} "{t}")' for t in vocabulary().types)}


def _edges_query() -> str:
    """The edge query, for every relation of the vocabulary."""
    return _EDGES % {"predicates": " ".join(f"kg:{p}" for p in vocabulary().predicates)}


def _v(sol, name):
    t = sol[name]
    return None if t is None else t.value


_EVIDENCE_KEYS = ("sentence", "article", "title", "published", "url", "speaker")


def _objects(store: OxigraphStore, predicate: str) -> dict[str, list]:
    """Subject IRI -> the distinct objects of ``predicate`` over every graph (one scan of the predicate index)."""
    out: dict[str, list] = {}
    for q in store.store.quads_for_pattern(None, _named(predicate), None, None):
        objs = out.setdefault(_subject(q), [])
        if q.object not in objs:  # the same triple stated in several articles is one value
            objs.append(q.object)
    return out


def _subject(q) -> str:
    """The IRI (or blank node id) of a quad's subject; kg writes no RDF-star triples as subjects."""
    return q.subject.value if not isinstance(q.subject, ox.Triple) else str(q.subject)


def _first(values: dict[str, list], key: str):
    """The smallest value of ``key`` (deterministic when a graph holds several), or None."""
    found = values.get(key)
    return min(o.value for o in found) if found else None


def _named(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def to_networkx(store: OxigraphStore) -> nx.MultiDiGraph:
    """Build the networkx view of the store (one edge per subject, predicate, object).

    Linear in the size of the graph: each property is read with one scan of
    the store's predicate index and joined in dictionaries, so a hub with
    thousands of facts costs no more per fact than a leaf.
    """
    import pyoxigraph as ox

    nodes: dict[str, dict] = {}
    pref, rdfs_label = _objects(store, SKOS + "prefLabel"), _objects(store, RDFS + "label")
    kinds, dates, statuses = (_objects(store, KG + k) for k in ("kind", "date", "status"))
    aliases = _objects(store, SKOS + "altLabel")
    for t in vocabulary().types:
        for q in store.store.quads_for_pattern(None, _named(RDF + "type"), _named(KG + t), None):
            n = _subject(q)
            if n in nodes:
                continue
            data = {"aliases": sorted({a.value for a in aliases.get(n, ())}), "type": t,
                    "label": _first(pref, n) or _first(rdfs_label, n) or n.rsplit("/", 1)[-1]}
            kind = _first(kinds, n)
            if kind and "/kind/" in kind:
                data["kind"] = kind.split("/kind/", 1)[1]
            for k, values in (("date", dates), ("status", statuses)):
                if _first(values, n):
                    data[k] = _first(values, n)
            nodes[n] = data

    evidence = _evidence_index(store)
    edges = set()
    for p in vocabulary().predicates:
        for q in store.store.quads_for_pattern(None, _named(KG + p), None, None):
            s, obj = _subject(q), q.object
            if isinstance(obj, ox.NamedNode) and s in nodes and obj.value in nodes:
                edges.add((s, p, obj.value))
    g = nx.MultiDiGraph()
    g.add_nodes_from(sorted(nodes.items()))
    for s, p, o in sorted(edges):
        evs = sorted(evidence.get((s, p, o), ()), key=_evidence_order)
        g.add_edge(s, o, key=p, predicate=p, evidence=[dict(zip(_EVIDENCE_KEYS, e)) for e in evs])
    return g


def _evidence_order(ev: tuple) -> tuple:
    """Evidence by article, then sentence (then the rest, so ties are ordered too)."""
    sentence, article, *rest = ev
    return (article or "", sentence or "", *(x or "" for x in rest))


def _evidence_index(store: OxigraphStore) -> dict[tuple[str, str, str], set[tuple]]:
    """(subject, predicate local name, object) -> distinct evidence tuples (sentence, article, title, published, url, speaker).

    Every ``kg:Evidence`` node is read once per property; article metadata
    and speaker labels are looked up in dictionaries, not joined per row.
    """
    subj, pred, obj = (_objects(store, RDF + x) for x in ("subject", "predicate", "object"))
    sentences, derived = _objects(store, KG + "sentence"), _objects(store, PROV + "wasDerivedFrom")
    speakers, pref = _objects(store, PROV + "wasAttributedTo"), _objects(store, SKOS + "prefLabel")
    docid, title = _objects(store, DCT + "identifier"), _objects(store, DCT + "title")
    issued, source = _objects(store, DCT + "issued"), _objects(store, DCT + "source")
    out: dict[tuple[str, str, str], set[tuple]] = {}
    for ev, sentence_values in sentences.items():
        if ev not in subj or ev not in pred or ev not in obj or ev not in derived:
            continue
        speaker_labels = [lab.value for sp in speakers.get(ev, ()) for lab in pref.get(sp.value, ())] or [None]
        for s in subj[ev]:
            for p in pred[ev]:
                if not p.value.startswith(KG):
                    continue
                for o in obj[ev]:
                    key = (s.value, p.value[len(KG):], o.value)
                    for doc in derived[ev]:
                        d = doc.value
                        article = _first(docid, d) or d
                        meta = (_first(title, d), _first(issued, d), _first(source, d))
                        for sentence in sentence_values:
                            for speaker in speaker_labels:
                                out.setdefault(key, set()).add((sentence.value, article, *meta, speaker))
    return out


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
        for sol in store.query(_with_values(_nodes_query(), values)):
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
    predicates = set(vocabulary().predicates)
    facts = sorted({(s, p, o) for (s, _, o), p in edges.items()
                    if p.startswith(KG) and p[len(KG):] in predicates and not s.startswith("_:") and not o.startswith("_:")})
    out: dict[tuple[str, str, str], list[dict]] = {}
    for i in range(0, len(facts), _CHUNK):
        values = "VALUES (?s ?p ?o) { " + " ".join(f"(<{s}> <{p}> <{o}>)" for s, p, o in facts[i:i + _CHUNK]) + " }"
        for sol in store.query(_with_values(_edges_query(), values)):
            if not _v(sol, "sentence"):
                continue
            evs = out.setdefault((_v(sol, "s"), _v(sol, "p"), _v(sol, "o")), [])
            ev = _evidence(sol)
            if ev not in evs:
                evs.append(ev)
    return out
