"""SPARQL guard: parse a query with a real parser and refuse what a read-only endpoint must not run.

Both ``kg query`` and ``kg serve`` check every query here before the store
sees it. The query is parsed with rdflib's SPARQL 1.1 grammar, never matched
with a regular expression, and refused when

* it is an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP`` ...):
  the graph changes only through ``kg build`` / ``kg add`` / ``kg remove``;
* it contains ``SERVICE`` anywhere (in ``OPTIONAL``, ``EXISTS``, a subquery):
  a federated query makes the server send requests to any address the query
  names, internal ones included (server-side request forgery);
* with a list of the store's named graphs, a ``FROM`` / ``FROM NAMED`` clause
  (or a ``default-graph-uri`` / ``named-graph-uri`` protocol parameter)
  names anything else: a file, a URL, a graph that is not there.

A query the parser cannot read is refused too, since what cannot be checked
cannot be run safely.

The guard and the engine are two parsers, so the guard never checks the text it
was given: it checks :func:`kg.sparql_text.canonical` of it (no comments, one
kind of line break), and the caller runs :attr:`CheckedQuery.text`, the very
text that was checked. ``SERVICE`` standing as a bare word anywhere outside IRIs
and strings is refused before any parse, so a parse tree that missed it cannot
let it through. rdflib's parser (pyparsing) keeps unsynchronised state, so
parses run one at a time.

>>> check_query("SELECT ?who WHERE { ?who kg:postponed ?m }").form
'SELECT'
>>> check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:8080/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
kg.sparql_guard.QueryRefused: SERVICE <http://127.0.0.1:8080/> is refused: federated queries would let the server send requests to other addresses; query the local graph only
"""
from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from .vocab import PREFIXES
from .sparql_text import SERVICE_REFUSED, UnsafeText, bare_keywords, canonical

FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


class QueryError(ValueError):
    """A query that cannot run: the parser's message, or a refused feature.

    Defined here, beside the guard that raises most of them, so that
    :mod:`kg.query` imports the guard and never the other way round.
    """


class QueryRefused(QueryError):
    """A well-formed query that kg will not run (update, SERVICE, FROM outside the store)."""


class QueryUnreadable(QueryError):
    """A query the SPARQL parser cannot read; the message carries the parser's."""


@dataclass(frozen=True)
class CheckedQuery:
    """What the guard learnt about a query it let through.

    ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE; ``default_graphs`` and
    ``named_graphs`` are the absolute IRIs of its FROM / FROM NAMED clauses;
    ``text`` is the query exactly as it was checked: run this, not the original.
    """

    form: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    text: str = ""

    @property
    def returns_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE, whose results are triples rather than rows."""
        return self.form in ("CONSTRUCT", "DESCRIBE")


def _nodes(tree) -> Iterator:
    """Every parse-tree node (rdflib ``CompValue``) under ``tree``, depth first."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(item)


_PATCHED = False
# pyparsing's parse actions keep state that concurrent first parses corrupt ("Param.postParse2() missing 1
# required positional argument"), after which that query shape fails for good: one parse at a time
_PARSE_LOCK = threading.Lock()


def _read_service_clauses_anywhere() -> None:
    """Work around an rdflib parser bug that hides why a SERVICE query is refused.

    To keep each SERVICE clause's text, rdflib re-scans the query from its
    start, and that scan takes a ``#`` inside an IRI (``PREFIX rdfs:
    <...rdf-schema#>``) for a comment running to the end of the line. Finding
    nothing, it raises IndexError, and the whole query fails to parse: it is
    refused as "malformed" rather than for its SERVICE. Scanning from the
    last SERVICE keyword before the clause's end finds it. (Only the copied
    text comes from this scan; the guard looks at the parse tree.)
    """
    global _PATCHED
    if _PATCHED:
        return
    from rdflib.plugins.sparql.parserutils import Comp

    original = Comp.postParse

    def post_parse(self, instring, loc, tokens):
        try:
            return original(self, instring, loc, tokens)
        except IndexError:
            start = instring.upper().rfind("SERVICE", 0, loc)  # pyparsing gives the clause's end here
            if getattr(self, "name", None) != "ServiceGraphPattern" or start < 0:
                raise
            return original(self, instring[start:], loc - start, tokens)

    Comp.postParse = post_parse  # type: ignore[method-assign]  # the process-wide patch the docstring explains
    _PATCHED = True


def _parse(sparql: str):
    """rdflib's parse tree of a query; updates and unreadable text raise with a clear message."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if not sparql.strip():
        raise QueryUnreadable("the query is empty (or only comments); give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    try:
        with _PARSE_LOCK:
            _read_service_clauses_anywhere()
            return parseQuery(sparql)
    except ParseException as query_error:
        try:
            with _PARSE_LOCK:
                update = parseUpdate(sparql)
        except ParseException:
            raise QueryUnreadable(f"malformed SPARQL query: {query_error}") from None
        if "request" not in update:  # only a prologue: nothing to run, and nothing that changes the graph
            raise QueryUnreadable("the query has PREFIX or BASE declarations but no query after them; "
                                  "add a SELECT, ASK, CONSTRUCT or DESCRIBE query") from None
        raise QueryRefused("updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...) are refused: the graph is read-only here; "
                           "change it with `kg add FILE...` or `kg remove DOC...`") from None
    except Exception as e:  # rdflib raises a few other types on odd input (e.g. a bad IRI)
        raise QueryUnreadable(f"malformed SPARQL query: {e}") from None


def _refuse_service_keyword(text: str) -> None:
    """Refuse a bare SERVICE word whatever the parse tree says (it has no other meaning in SPARQL)."""
    if "SERVICE" in bare_keywords(text):
        raise QueryRefused(SERVICE_REFUSED)


def _refuse_service(tree) -> None:
    from rdflib.term import Variable

    for node in _nodes(tree):
        if node.name == "ServiceGraphPattern":
            target = node["term"]
            where = f"?{target}" if isinstance(target, Variable) else f"<{target}>"
            raise QueryRefused(f"SERVICE {where} is refused: federated queries would let the server send requests "
                               "to other addresses; query the local graph only")


def _dataset(tree, prefixes: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The absolute IRIs of the query's FROM and FROM NAMED clauses."""
    from rdflib.plugins.sparql.algebra import translatePrologue

    prologue = translatePrologue(tree[0], None, prefixes)
    default: list[str] = []
    named: list[str] = []
    # rdflib's CompValue.get returns the key itself when it is missing: test membership instead
    for clause in tree[1]["datasetClause"] if "datasetClause" in tree[1] else []:
        for key, target in (("default", default), ("named", named)):
            if key in clause:
                try:
                    target.append(str(prologue.absolutize(clause[key])))
                except Exception as e:  # an undeclared prefix
                    raise QueryUnreadable(f"malformed SPARQL query: {e}") from None
    return tuple(default), tuple(named)


def _refuse_foreign_graphs(iris: Iterable[str], allowed: Collection[str], clause: str) -> None:
    for iri in iris:
        if iri not in allowed:
            raise QueryRefused(f"{clause} <{iri}> is refused: only the named graphs of this store can be used "
                               "(one per article; list them with SELECT DISTINCT ?g WHERE { GRAPH ?g {} })")


def check_query(sparql: str, allowed_graphs: Collection[str] | None = None,
                default_graph_uris: Iterable[str] = (), named_graph_uris: Iterable[str] = (),
                prefixes: dict[str, str] | None = None) -> CheckedQuery:
    """Parse ``sparql`` and refuse it unless it is a read-only query of the local store.

    With ``allowed_graphs`` (the store's named graphs), FROM / FROM NAMED and
    the protocol's ``default-graph-uri`` / ``named-graph-uri`` must name one
    of them. ``prefixes`` (default: the project's) resolve prefixed names.

    >>> check_query("ASK FROM <file:///etc/passwd> { ?s ?p ?o }", allowed_graphs=set())
    Traceback (most recent call last):
    ...
    kg.sparql_guard.QueryRefused: FROM <file:///etc/passwd> is refused: only the named graphs of this store can be used (one per article; list them with SELECT DISTINCT ?g WHERE { GRAPH ?g {} })
    """
    try:
        text = canonical(sparql)
    except UnsafeText as e:
        raise (QueryRefused if e.service else QueryUnreadable)(str(e) if e.service else f"malformed SPARQL query: {e}") from None
    tree = _parse(text)
    _refuse_service(tree)
    _refuse_service_keyword(text)
    default, named = _dataset(tree, PREFIXES if prefixes is None else prefixes)
    if allowed_graphs is not None:
        _refuse_foreign_graphs(list(default) + list(default_graph_uris), allowed_graphs, "FROM")
        _refuse_foreign_graphs(list(named) + list(named_graph_uris), allowed_graphs, "FROM NAMED")
    return CheckedQuery(FORMS.get(tree[1].name, tree[1].name), default, named, text)


def refuse_unsafe(sparql: str) -> CheckedQuery:
    """No updates, no SERVICE; FROM is not checked (:func:`kg.query.run_query` checks it against the store).

    >>> refuse_unsafe("ASK { ?s ?p ?o }").form
    'ASK'
    """
    return check_query(sparql)
