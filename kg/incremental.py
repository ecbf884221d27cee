"""Incremental builds: add articles to, or remove them from, a graph folder ``kg build`` wrote.

Each article is its own named graph, keyed by the hash of its content, and
its extraction records are kept in ``DIR/records/<sha256>.json``. Resolution
is global (a new article can change an entity's best label, or make a
surname ambiguous), so an add or a remove re-resolves the saved records of
every article present, without running spaCy again on any of them, and
rewrites the store by an atomic swap. The result is the graph a full
``kg build`` of the same articles gives, quad for quad.

* Adding a file whose content is already in the graph changes nothing.
* Removing an article removes exactly its facts: an entity or meeting that
  another article supports stays, with that article's evidence.
* A run killed at any point (even ``kill -9``) leaves a marker file; the next
  ``kg add`` or ``kg remove`` sees it and rewrites the store and the files
  from the saved records, so the same command run again gives the graph an
  uninterrupted run gives.

>>> from kg.incremental import add, remove               # doctest: +SKIP
>>> add(["new-article.txt"], "output").report.added     # doctest: +SKIP
['new-article']
>>> remove(["new-article"], "output").report.removed    # doctest: +SKIP
['new-article']
"""
from __future__ import annotations

import fcntl
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import export as _export
from .api import OUTPUTS, RECORDS_DIR, BuildReport, KnowledgeGraph
from .ingest import Document, read_document, read_documents
from .rdf import KG, summary, to_dataset
from .records import DocumentRecords, from_json, to_json
from .resolve import resolve
from .store import STORE_DIR, GraphStore, StoreError, write_store

PENDING = ".kg-pending"      # present while an add/remove is under way: its absence means the folder is consistent
LOCK = ".kg-lock"
TEXT_SUFFIX = ".txt"         # records/<sha256>.txt: the article's text, for the quotes of its evidence


class IncrementalError(StoreError):
    """An add or remove that cannot go ahead; the message says what to do."""


@dataclass
class ChangeReport(BuildReport):
    """What an add or remove did, by document id, plus the named graphs whose content changed."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed_graphs: list[str] = field(default_factory=list)
    repaired: bool = False


# ------------------------------------------------------------------ the folder's state

@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder: two writers would each swap in a store missing the other's article."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IncrementalError(f"another kg add/remove is writing to {out}; wait for it to finish") from None
        yield  # the lock goes with the file descriptor, even when the process is killed


def load_records(out: Path) -> dict[str, DocumentRecords]:
    """The saved records of every article in the folder, by content hash."""
    folder = out / RECORDS_DIR
    recs = {}
    for p in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        rec = from_json(json.loads(p.read_text(encoding="utf-8")))
        recs[rec.sha256] = rec
    return recs


def _check_folder(out: Path, records: dict[str, DocumentRecords]) -> None:
    if not records and (out / STORE_DIR).is_dir() and not (out / RECORDS_DIR).is_dir():
        raise IncrementalError(f"{out} has a store but no saved records (an older kg built it); "
                               f"rebuild it once with `kg build ARTICLES -o {out}`")


def save_text(out: Path, doc: Document) -> None:
    """Keep the article's text beside its records: the quotes of its evidence are cut from it."""
    _export.atomic_write(out / RECORDS_DIR / f"{doc.sha256}{TEXT_SUFFIX}", doc.raw.encode("utf-8"))


def _save_record(out: Path, rec: DocumentRecords) -> None:
    """Same file and bytes as :func:`kg.api.save_records` writes for the article."""
    data = json.dumps(to_json(rec), ensure_ascii=False, sort_keys=True).encode("utf-8")
    _export.atomic_write(out / RECORDS_DIR / f"{rec.sha256}.json", data)


def _forget(out: Path, sha: str) -> None:
    for suffix in (".json", TEXT_SUFFIX):
        (out / RECORDS_DIR / f"{sha}{suffix}").unlink(missing_ok=True)


def _store_articles(out: Path) -> set[str] | None:
    """Content hashes of the articles in the local store (None when there is no store)."""
    if not (out / STORE_DIR).is_dir():
        return None
    store = GraphStore.open(out, read_only=True)
    rows = store.store.query("SELECT ?sha WHERE { ?a a <%sArticle> ; <%ssha256> ?sha }" % (KG, KG))
    found = {row["sha"].value for row in rows}
    del store
    return found


# ------------------------------------------------------------------ article texts

class StoredQuotes:
    """Stands in for an article's text when the file is gone: the quotes the store kept, by span.

    :func:`kg.rdf.quads` slices ``raw_texts[doc_id][start:end]`` for each
    evidence quote; this answers the slices the store already holds.

    >>> StoredQuotes("a", {(0, 6): "Santos"})[0:6]
    'Santos'
    """

    def __init__(self, doc_id: str, spans: dict[tuple[int, int], str]):
        self.doc_id = doc_id
        self.spans = spans

    def __getitem__(self, span: slice) -> str:
        try:
            return self.spans[(span.start, span.stop)]
        except KeyError:
            raise IncrementalError(
                f"the text of article {self.doc_id} is needed for a quote the store does not hold; "
                "put the article file back where it was built from, or rebuild with `kg build`") from None


def _quotes_from_store(out: Path, rec: DocumentRecords) -> StoredQuotes:
    from .rdf import article_iri

    spans: dict[tuple[int, int], str] = {}
    if (out / STORE_DIR).is_dir():
        store = GraphStore.open(out, read_only=True)
        q = ("SELECT ?s ?e ?q WHERE { GRAPH <%s> { ?ev <%sstartOffset> ?s ; <%sendOffset> ?e ; <%squote> ?q } }"
             % (article_iri(rec.sha256), KG, KG, KG))
        spans = {(int(r["s"].value), int(r["e"].value)): r["q"].value for r in store.store.query(q)}
        del store
    return StoredQuotes(rec.doc_id, spans)


def _text(out: Path, rec: DocumentRecords):
    """The original text of an article: its saved copy, else its file if unchanged, else the stored quotes."""
    saved = out / RECORDS_DIR / f"{rec.sha256}{TEXT_SUFFIX}"
    if saved.exists():
        return saved.read_text(encoding="utf-8")
    if rec.path and Path(rec.path).is_file():
        try:
            doc = read_document(rec.path)
        except ValueError:
            doc = None
        if doc is not None and doc.sha256 == rec.sha256:
            _export.atomic_write(saved, doc.raw.encode("utf-8"))  # keep it: the file may not stay
            return doc.raw
    return _quotes_from_store(out, rec)


# ------------------------------------------------------------------ writing

def graph_digests(quads: Iterable[ox.Quad]) -> dict[str, str]:
    """A digest of each graph's content (the default graph as ""), to see which graphs a change touched.

    >>> g = ox.NamedNode("http://g")
    >>> q = ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("o"), g)
    >>> list(graph_digests([q]))
    ['http://g']
    """
    lines: dict[str, list[str]] = {}
    for q in quads:
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        lines.setdefault(name, []).append(f"{q.subject} {q.predicate} {q.object}")
    return {g: hashlib.sha256("\n".join(sorted(ls)).encode("utf-8")).hexdigest() for g, ls in lines.items()}


def _changed(old: dict[str, str], new: dict[str, str]) -> list[str]:
    return sorted(g or "(default graph)" for g in set(old) | set(new) if old.get(g) != new.get(g))


def _local_digests(out: Path) -> dict[str, str]:
    if not (out / STORE_DIR).is_dir():
        return {}
    store = GraphStore.open(out, read_only=True)
    digests = graph_digests(store.quads())
    del store
    return digests


def write_graph(out: Path, records: dict[str, DocumentRecords], report: ChangeReport, html: bool = True,
                store_url: str | None = None) -> KnowledgeGraph:
    """Re-resolve every article's records and write the store, the TriG/Turtle files and the HTML view."""
    recs = list(records.values())
    texts = {r.doc_id: _text(out, r) for r in recs}
    resolved = resolve(recs)
    report.counts = summary(resolved)
    report.documents = len(recs)
    dataset = to_dataset(resolved, texts)
    nquads = _export.serialize(dataset, "nq")
    new = graph_digests(dataset)
    if store_url:
        from .remote import push_dataset

        report.changed_graphs = push_dataset(store_url, dataset, out, full=report.repaired)
        store = GraphStore.in_memory()
        store.load_nquads(nquads)
    else:
        report.changed_graphs = _changed(_local_digests(out), new)
        if report.changed_graphs or report.repaired or not (out / STORE_DIR).is_dir():
            write_store(out, nquads)
        store = GraphStore.open(out, read_only=True)
    graph = KnowledgeGraph(store, out, report)
    report.outputs["trig"] = _export.atomic_write(out / OUTPUTS["trig"], _export.serialize(dataset, "trig"))
    report.outputs["turtle"] = _export.atomic_write(out / OUTPUTS["turtle"], _export.serialize(dataset, "turtle"))
    if html:
        report.outputs["html"] = graph.to_html(out / OUTPUTS["html"])
    for stray in (out / RECORDS_DIR).glob(f"*{TEXT_SUFFIX}"):
        if not stray.with_suffix(".json").exists():  # the text of an article a later `kg build` left out
            stray.unlink()
    return graph


def _needs_repair(out: Path, records: dict[str, DocumentRecords], store_url: str | None) -> bool:
    """True when a run was interrupted, or the store and the records disagree on which articles are in."""
    if (out / PENDING).exists():
        return True
    if store_url:
        return False
    in_store = _store_articles(out)
    return in_store is not None and in_store != set(records)


def _unchanged_graph(out: Path, report: ChangeReport, store_url: str | None) -> KnowledgeGraph:
    if not store_url:
        return KnowledgeGraph(GraphStore.open(out, read_only=True), out, report)
    store = GraphStore.in_memory()  # the graph lives on the server; graph.trig is its local copy
    if (out / OUTPUTS["trig"]).exists():
        store.store.bulk_load(path=str(out / OUTPUTS["trig"]), format=ox.RdfFormat.TRIG)
    return KnowledgeGraph(store, out, report)


# ------------------------------------------------------------------ add and remove

def _new_documents(paths: Iterable[str | Path], records: dict[str, DocumentRecords],
                   report: ChangeReport) -> list[Document]:
    """The documents under ``paths`` whose content is not in the graph yet, with unique doc ids."""
    taken = {r.doc_id for r in records.values()}
    seen: set[str] = set(records)
    new = []
    for doc in read_documents(paths, errors=report.skipped):
        if doc.sha256 in seen:
            if doc.sha256 in records:
                report.unchanged.append(records[doc.sha256].doc_id)
            continue
        if doc.doc_id in taken:  # same rule as read_documents: a second file of the same name gets a suffix
            doc = Document(**{**doc.__dict__, "doc_id": f"{doc.doc_id}_{doc.sha256[:8]}"})
        seen.add(doc.sha256)
        taken.add(doc.doc_id)
        new.append(doc)
    return new


def add(paths: Iterable[str | Path], out_dir: str | Path = "output",
        progress: Callable[[Document], None] | None = None, html: bool = True,
        store_url: str | None = None) -> KnowledgeGraph:
    """Add the articles under ``paths`` to the graph in ``out_dir`` (created if missing).

    Only the new articles go through spaCy; the graph is re-resolved from the
    saved records of all of them. With ``store_url`` (a SPARQL 1.1 Update
    endpoint) the graph is written there instead of ``out_dir/store``.
    """
    from .extract import extract_documents

    out = Path(out_dir)
    report = ChangeReport()
    with locked(out):
        records = load_records(out)
        _check_folder(out, records)
        documents = _new_documents(paths, records, report)
        report.repaired = _needs_repair(out, records, store_url)
        if not documents and not report.repaired:
            report.documents = len(records)
            return _unchanged_graph(out, report, store_url)
        _export.atomic_write(out / PENDING, b"")
        for doc in documents:
            save_text(out, doc)
        for rec in extract_documents(documents, progress=progress):
            _save_record(out, rec)
            records[rec.sha256] = rec
            report.added.append(rec.doc_id)
        graph = write_graph(out, records, report, html, store_url)
        (out / PENDING).unlink()
    return graph


def match_articles(doc_refs: Iterable[str], records: dict[str, DocumentRecords]) -> dict[str, str]:
    """Map each reference to the content hash of the one article it names.

    A reference is a document id, a file name or path (``.txt`` or not), or
    a prefix of the content hash (at least 6 hex digits).

    >>> recs = {"ab12cd34" + "0" * 56: DocumentRecords("000_x", "ab12cd34" + "0" * 56, path="examples/000_x.txt")}
    >>> sorted(match_articles(["000_x", "examples/000_x.txt", "ab12cd"], recs).values()) == ["ab12cd34" + "0" * 56] * 3
    True
    """
    out = {}
    for ref in doc_refs:
        name = Path(ref).name
        stem = name[:-4] if name.endswith(TEXT_SUFFIX) else name
        hits = {sha for sha, r in records.items() if r.doc_id in (ref, stem)}
        if not hits:
            hits = {sha for sha, r in records.items() if r.path and Path(r.path).name == name}
        if not hits and len(ref) >= 6 and all(c in "0123456789abcdef" for c in ref.lower()):
            hits = {sha for sha in records if sha.startswith(ref.lower())}
        if not hits:
            known = ", ".join(sorted(r.doc_id for r in records.values())[:20]) or "none"
            raise IncrementalError(f"no article in the graph matches {ref!r}; give a document id, file name or "
                                   f"hash prefix (articles: {known})")
        if len(hits) > 1:
            ids = ", ".join(sorted(f"{records[s].doc_id} ({s[:12]})" for s in hits))
            raise IncrementalError(f"{ref!r} matches {len(hits)} articles ({ids}); give a longer hash prefix")
        out[ref] = hits.pop()
    return out


def remove(doc_refs: Iterable[str], out_dir: str | Path = "output", html: bool = True,
           store_url: str | None = None) -> KnowledgeGraph:
    """Remove articles (by document id, file name or hash prefix) from the graph in ``out_dir``.

    Facts only the removed articles supported go; entities and meetings other
    articles support stay, with their remaining evidence.
    """
    out = Path(out_dir)
    report = ChangeReport()
    with locked(out):
        records = load_records(out)
        _check_folder(out, records)
        if not records and not (out / STORE_DIR).is_dir() and not store_url:
            raise IncrementalError(f"no graph at {out}; build one first with `kg build ARTICLES -o {out}`")
        gone = set(match_articles(doc_refs, records).values())
        report.repaired = _needs_repair(out, records, store_url)
        _export.atomic_write(out / PENDING, b"")
        report.removed = sorted(records[s].doc_id for s in gone)
        kept = {s: r for s, r in records.items() if s not in gone}
        graph = write_graph(out, kept, report, html, store_url)
        for sha in gone:  # forgotten only once the store no longer has them: a rerun after a crash still finds them
            _forget(out, sha)
        (out / PENDING).unlink()
    return graph


def rewrite(out_dir: str | Path = "output", html: bool = True, store_url: str | None = None) -> KnowledgeGraph:
    """Re-resolve the saved records of every article and rewrite the store and files (no spaCy).

    What a changed resolution step needs, and what repairs a folder by hand.
    """
    out = Path(out_dir)
    report = ChangeReport(repaired=True)
    with locked(out):
        records = load_records(out)
        if not records:
            raise IncrementalError(f"no saved records in {out / RECORDS_DIR}; build the graph with `kg build ARTICLES -o {out}`")
        _export.atomic_write(out / PENDING, b"")
        graph = write_graph(out, records, report, html, store_url)
        (out / PENDING).unlink()
    return graph
