"""Vocabulary: the namespaces and SPARQL prefixes of kg's graph, and its domain vocabulary.

The domain vocabulary (node types, relations, meeting kinds, statuses) is
declared once, in ``kg/data/vocabulary.json``, and read through
:func:`vocabulary` by records, resolution, RDF, the networkx view, the HTML
page and evaluation. This module imports nothing of the pipeline, so the
store, the query layer, the server and the network view get their prefixes
without depending on extraction or resolution.

>>> PREFIXES["kg"] == KG
True
>>> KG
'https://w3id.org/kg-news/ontology#'
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

BASE = "https://w3id.org/kg-news/"
KG = BASE + "ontology#"
ID = BASE + "id/"
KIND = BASE + "kind/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
OWL = "http://www.w3.org/2002/07/owl#"
TIME = "http://www.w3.org/2006/time#"

PREFIXES = {
    "kg": KG,
    "kgid": ID,
    "kind": KIND,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "dct": DCT,
    "schema": SCHEMA,
    "owl": OWL,
    "time": TIME,
}

ONTOLOGY_PACKAGE = "kg.ontology"  # the checkout's top-level ontology/ folder, installed under this name


def ontology_text(name: str = "kg.ttl") -> str:
    """The text of an ontology file (``kg.ttl``, ``shapes.ttl``, ``context.jsonld``), from the installed package.

    >>> "owl:Ontology" in ontology_text("kg.ttl")
    True
    """
    try:
        return resources.files(ONTOLOGY_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        raise FileNotFoundError(
            f"the ontology file {name} is not installed with kg; reinstall the project "
            f"(pip install .) from a checkout that has ontology/{name}"
        ) from None


def ontology_path(name: str = "kg.ttl") -> Path:
    """The installed ontology file as a path on disk (wheels and editable installs keep it on disk)."""
    ontology_text(name)  # the same message when it is missing
    return Path(str(resources.files(ONTOLOGY_PACKAGE).joinpath(name)))


# ------------------------------------------------------------------ the domain vocabulary (kg/data/vocabulary.json)

VOCABULARY_FILE = "vocabulary.json"


@dataclass(frozen=True)
class NodeType:
    """A class of node: Person, Place, Organization, Meeting; ``agent`` types can propose or mediate."""

    name: str
    agent: bool
    style: dict


@dataclass(frozen=True)
class RelationType:
    """A predicate of the graph: headline (what the graph exists for) or structural.

    ``subject`` and ``object`` are the node types it links (``None``: any);
    ``status`` is the meeting status it sets; ``trigger_priority`` orders the
    headline relations when one trigger word could mean several (1 wins).
    """

    name: str
    headline: bool
    subject: tuple[str, ...] | None
    object: tuple[str, ...] | None
    status: str | None
    trigger_priority: int | None
    style: dict


@dataclass(frozen=True)
class MeetingKind:
    """A kind of meeting: the ``noun`` labels use, its ``family`` (kinds that can be the same meeting) and ``rank``.

    Of two mentions of one meeting the higher rank names its kind ("summit" over "meeting").
    """

    name: str
    noun: str
    family: str
    rank: int


@dataclass(frozen=True)
class Vocabulary:
    """Everything of kg's domain that more than one module needs to know, read from one data file.

    >>> v = vocabulary()
    >>> v.headline
    ('proposed', 'agreed', 'postponed', 'mediated')
    >>> v.status_rank("postponed") > v.status_rank("proposed")
    True
    >>> v.kinds["phone_call"].noun
    'phone call'
    """

    types: dict[str, NodeType]
    relations: dict[str, RelationType]
    kinds: dict[str, MeetingKind]
    statuses: tuple[str, ...]
    other_type_style: dict = field(default_factory=dict)
    other_relation_style: dict = field(default_factory=dict)

    @property
    def predicates(self) -> tuple[str, ...]:
        """Every relation name, headline ones first, in the data file's order."""
        return tuple(self.relations)

    @property
    def headline(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.relations.values() if r.headline)

    @property
    def structural(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.relations.values() if not r.headline)

    @property
    def entity_types(self) -> tuple[str, ...]:
        """The node types other than Meeting: what extraction finds and evaluation scores."""
        return tuple(t for t in self.types if t != "Meeting")

    @property
    def agent_types(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.types.values() if t.agent)

    @property
    def trigger_priority(self) -> tuple[str, ...]:
        """Headline relations in the order a trigger that could mean several is read (first wins)."""
        ranked = [r for r in self.relations.values() if r.trigger_priority is not None]
        return tuple(r.name for r in sorted(ranked, key=lambda r: r.trigger_priority or 0))

    def status_rank(self, status: str) -> int:
        """Position of a status in the order a meeting goes through: the latest reported wins."""
        return self.statuses.index(status)

    def status_of(self, predicate: str) -> str | None:
        """The meeting status a relation sets (``postponed`` -> ``postponed``), or None."""
        rel = self.relations.get(predicate)
        return rel.status if rel else None

    @property
    def kind_family(self) -> dict[str, str]:
        return {k.name: k.family for k in self.kinds.values()}

    @property
    def kind_rank(self) -> dict[str, int]:
        return {k.name: k.rank for k in self.kinds.values()}

    def kind_noun(self, kind: str) -> str:
        """The words for a kind of meeting in labels ("phone_call" -> "phone call"); an unknown kind as written."""
        return self.kinds[kind].noun if kind in self.kinds else kind.replace("_", " ")

    @property
    def node_styles(self) -> dict[str, dict]:
        return {t.name: dict(t.style) for t in self.types.values()}

    @property
    def edge_styles(self) -> dict[str, dict]:
        return {r.name: dict(r.style) for r in self.relations.values()}


def _types(value, agents: tuple[str, ...]) -> tuple[str, ...] | None:
    if value is None:
        return None
    return agents if value == "agent" else tuple(value)


def parse_vocabulary(data: dict) -> Vocabulary:
    """A :class:`Vocabulary` from the JSON of ``vocabulary.json`` (checked: a wrong entry says which)."""
    types = {name: NodeType(name, bool(t.get("agent")), t["style"]) for name, t in data["types"].items()}
    agents = tuple(n for n, t in types.items() if t.agent)
    statuses = tuple(data["statuses"])
    relations = {}
    for name, r in data["relations"].items():
        rel = RelationType(
            name,
            bool(r["headline"]),
            _types(r.get("subject"), agents),
            _types(r.get("object"), agents),
            r.get("status"),
            r.get("trigger_priority"),
            r["style"],
        )
        for t in (rel.subject or ()) + (rel.object or ()):
            if t not in types:
                raise ValueError(
                    f"relation {name!r} names the type {t!r}, which is not under 'types' in {VOCABULARY_FILE}"
                )
        if rel.status is not None and rel.status not in statuses:
            raise ValueError(
                f"relation {name!r} sets the status {rel.status!r}, which is not under 'statuses' in {VOCABULARY_FILE}"
            )
        relations[name] = rel
    kinds = {
        name: MeetingKind(name, k["noun"], k["family"], int(k["rank"])) for name, k in data["meeting_kinds"].items()
    }
    return Vocabulary(
        types, relations, kinds, statuses, data.get("other_type_style", {}), data.get("other_relation_style", {})
    )


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    """Read a vocabulary file: ``path``, or the packaged ``kg/data/vocabulary.json``."""
    if path is None:
        text = resources.files("kg.data").joinpath(VOCABULARY_FILE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return parse_vocabulary(json.loads(text))


_active: list[Vocabulary] = []


@cache
def _packaged() -> Vocabulary:
    return load_vocabulary()


def vocabulary() -> Vocabulary:
    """The vocabulary in use: the packaged one, or the one :func:`using` put in place."""
    return _active[-1] if _active else _packaged()


@contextmanager
def using(v: Vocabulary) -> Iterator[Vocabulary]:
    """Use another vocabulary within the block (what a test of a new relation type does).

    >>> extra = parse_vocabulary({**json.loads(resources.files("kg.data").joinpath(VOCABULARY_FILE).read_text()),
    ...                           "statuses": ["proposed", "agreed", "postponed", "adjourned"]})
    >>> with using(extra):
    ...     vocabulary().statuses[-1]
    'adjourned'
    >>> vocabulary().statuses[-1]
    'held'
    """
    _active.append(v)
    try:
        yield v
    finally:
        _active.pop()
