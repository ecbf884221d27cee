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

from collections.abc import Callable, Iterable
from pathlib import Path

from .folder import (
    PENDING,
    RECORDS_DIR,
    STORE_DIR,
    TEXT_SUFFIX,
    IncrementalError,
    forget,
    load_records,  # noqa: F401
    save_record,
    save_text,
    writing,
)
from .graph import ChangeReport, KnowledgeGraph
from .ingest import Document, read_documents
from .pieces import extract_in_pieces
from .pipeline import open_store, write_graph
from .records import DocumentRecords
from .store import GraphStore

__all__ = [
    "ChangeReport",
    "IncrementalError",
    "PENDING",
    "add",
    "load_records",
    "locked",
    "match_articles",
    "remove",
    "rewrite",
]


def locked(out: str | Path):
    """Hold the folder's write lock (:func:`kg.folder.writing`) without starting a change."""
    return writing(out)


def _check_folder(out: Path, records: dict[str, DocumentRecords]) -> None:
    if not records and (out / STORE_DIR).is_dir() and not (out / RECORDS_DIR).is_dir():
        raise IncrementalError(
            f"{out} has a store but no saved records (an older kg built it); "
            f"rebuild it once with `kg build ARTICLES -o {out}`"
        )


def _needs_repair(interrupted: bool, records: dict[str, DocumentRecords], store: GraphStore) -> bool:
    """True when a run was interrupted, or the store and the records disagree on which articles are in."""
    if interrupted:
        return True
    in_store = store.articles()
    return in_store is not None and in_store != set(records)


# ------------------------------------------------------------------ add and remove


def _new_documents(
    paths: Iterable[str | Path], records: dict[str, DocumentRecords], report: ChangeReport
) -> list[Document]:
    """The documents under ``paths`` whose content is not in the graph yet, with unique doc ids."""
    taken = {r.doc_id for r in records.values()}
    seen: set[str] = set(records)
    new = []
    for doc in read_documents(paths, errors=report.skipped, notes=report.notes):
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


def add(
    paths: Iterable[str | Path],
    out_dir: str | Path = "output",
    progress: Callable[[Document], None] | None = None,
    html: bool = True,
    store_url: str | None = None,
) -> KnowledgeGraph:
    """Add the articles under ``paths`` to the graph in ``out_dir`` (created if missing).

    Only the new articles go through spaCy; the graph is re-resolved from the
    saved records of all of them. With ``store_url`` (a SPARQL 1.1 Update
    endpoint) the graph is written there instead of ``out_dir/store``.
    """
    from .extract import extract_documents

    out = Path(out_dir)
    report = ChangeReport()
    store = open_store(out, store_url)
    with writing(out) as change:
        records = load_records(out)
        _check_folder(out, records)
        documents = _new_documents(paths, records, report)
        report.repaired = _needs_repair(change.interrupted, records, store)
        if not documents and not report.repaired:
            report.documents = len(records)
            return KnowledgeGraph(store.reader(), out, report)
        change.begin()
        for doc in documents:
            save_text(out, doc.sha256, doc.raw)
        for rec in extract_in_pieces(documents, lambda docs: extract_documents(docs, progress=progress)):
            save_record(out, rec)
            records[rec.sha256] = rec
            report.added.append(rec.doc_id)
        return write_graph(out, records, report, store, html, full=report.repaired)


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
            raise IncrementalError(
                f"no article in the graph matches {ref!r}; give a document id, file name or "
                f"hash prefix (articles: {known})"
            )
        if len(hits) > 1:
            ids = ", ".join(sorted(f"{records[s].doc_id} ({s[:12]})" for s in hits))
            raise IncrementalError(f"{ref!r} matches {len(hits)} articles ({ids}); give a longer hash prefix")
        out[ref] = hits.pop()
    return out


def remove(
    doc_refs: Iterable[str], out_dir: str | Path = "output", html: bool = True, store_url: str | None = None
) -> KnowledgeGraph:
    """Remove articles (by document id, file name or hash prefix) from the graph in ``out_dir``.

    Facts only the removed articles supported go; entities and meetings other
    articles support stay, with their remaining evidence.
    """
    out = Path(out_dir)
    report = ChangeReport()
    store = open_store(out, store_url)
    with writing(out) as change:
        records = load_records(out)
        _check_folder(out, records)
        if not records and not store.has_graph():
            raise IncrementalError(f"no graph at {out}; build one first with `kg build ARTICLES -o {out}`")
        gone = set(match_articles(doc_refs, records).values())
        report.repaired = _needs_repair(change.interrupted, records, store)
        change.begin()
        report.removed = sorted(records[s].doc_id for s in gone)
        kept = {s: r for s, r in records.items() if s not in gone}
        graph = write_graph(out, kept, report, store, html, full=report.repaired)
        for sha in gone:  # forgotten only once the store no longer has them: a rerun after a crash still finds them
            forget(out, sha)
    return graph


def rewrite(out_dir: str | Path = "output", html: bool = True, store_url: str | None = None) -> KnowledgeGraph:
    """Re-resolve the saved records of every article and rewrite the store and files (no spaCy).

    What a changed resolution step needs, and what repairs a folder by hand.
    """
    out = Path(out_dir)
    report = ChangeReport(repaired=True)
    store = open_store(out, store_url)
    with writing(out) as change:
        records = load_records(out)
        if not records:
            raise IncrementalError(
                f"no saved records in {out / RECORDS_DIR}; build the graph with `kg build ARTICLES -o {out}`"
            )
        change.begin()
        return write_graph(out, records, report, store, html, full=True)
