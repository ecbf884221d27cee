"""Command line: a thin layer over :mod:`kg.api`.

    kg build PATH... [-o DIR] [--store URL] [--n-process N] [--batch-size N] [--dask ADDRESS|local]
    kg add FILE... [-g DIR] [--store URL]
    kg remove DOC... [-g DIR] [--store URL]
    kg serve [-g DIR] [--host 127.0.0.1] [--port N] [--timeout S] [--max-rows N]
    kg query QUERY_OR_FILE [-g DIR] [--format table|csv|json]
    kg query --name NAME [--param K=V]... [-g DIR]
    kg timeline [MEETING] [-g DIR] [--format text|json]
    kg contradictions [-g DIR] [--format text|json]
    kg stats [-g DIR] [--top N] [--chart FILE.png|FILE.svg]
    kg export [-g DIR] --format turtle|trig|nt|nq|json-ld|graphml|csv [-o FILE]
    kg viz [-g DIR] [-o FILE] [--query FILE.rq] [--max-nodes N]
    kg eval [-g DIR] --gold DIR [--show-errors]
    kg validate [-g DIR]

Errors are one line on stderr and a non-zero exit: 2 for a bad query or
argument, 1 for anything else; never a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path

from .cli_write import DEFAULT_DIR, cmd_add, cmd_build, cmd_remove
from .serve import DEFAULT_MAX_ROWS, DEFAULT_PORT, DEFAULT_TIMEOUT


def cmd_query(a: argparse.Namespace) -> int:
    from .api import KnowledgeGraph
    from .query import QueryError, read_query_arg
    from .saved import load, names, parse_params

    if a.name:
        text = load(a.name, parse_params(a.param or []))
    elif a.query:
        if a.param:
            raise QueryError("--param goes with --name NAME (a saved query of queries/)")
        text = read_query_arg(a.query)
    else:
        raise QueryError("give a query, a .rq file, or --name NAME; the saved queries are: " + ", ".join(names()))
    graph = KnowledgeGraph.open(a.graph)
    watchdog = _stop_after(a.timeout, f"kg: the query ran longer than the {a.timeout:g} s limit and was stopped; "
                                      "narrow it (more specific patterns, LIMIT) or give a larger --timeout")
    try:
        answer = graph.query(text, fmt=a.format)
    finally:
        watchdog.cancel()
    print(answer)
    return 0


def _stop_after(seconds: float, message: str) -> threading.Timer:
    """End the process with ``message`` after ``seconds`` (the engine cannot cancel a query from Python)."""
    def give_up() -> None:
        print(message, file=sys.stderr, flush=True)
        os._exit(2)

    timer = threading.Timer(seconds, give_up)
    timer.daemon = True
    timer.start()
    return timer


def cmd_timeline(a: argparse.Namespace) -> int:
    import json

    from .api import KnowledgeGraph
    from .timeline import format_timelines, timelines

    items = timelines(KnowledgeGraph.open(a.graph).store, a.meeting)
    if not items:
        print(f"kg: no meeting {'matching ' + repr(a.meeting) + ' ' if a.meeting else ''}has status events; "
              "list the meetings with: kg query \"SELECT ?m WHERE { ?x rdfs:label ?m ; a kg:Meeting }\"", file=sys.stderr)
        return 1
    if a.format == "json":
        print(json.dumps([{"meeting": t.label, "iri": t.iri, "status": t.status,
                           "events": [e.as_dict() for e in t.events]} for t in items], ensure_ascii=False, indent=1))
    else:
        print(format_timelines(items))
    return 0


def cmd_contradictions(a: argparse.Namespace) -> int:
    import json

    from .api import KnowledgeGraph
    from .timeline import contradictions, format_contradictions

    items = contradictions(KnowledgeGraph.open(a.graph).store)
    if a.format == "json":
        print(json.dumps([{"meeting": d.meeting, "conflict": d.conflict, "reason": d.reason,
                           "first": d.first.as_dict(), "second": d.second.as_dict()} for d in items],
                         ensure_ascii=False, indent=1))
    else:
        print(format_contradictions(items))
    return 0


def cmd_stats(a: argparse.Namespace) -> int:
    from .api import KnowledgeGraph
    from .stats import analyse, draw, format_stats

    st = analyse(KnowledgeGraph.open(a.graph).store, top=a.top)
    print(format_stats(st), end="")
    if a.chart:
        print(f"chart   {draw(st, a.chart)}")
    return 0


def cmd_export(a: argparse.Namespace) -> int:
    from .api import KnowledgeGraph

    g = KnowledgeGraph.open(a.graph)
    if a.output:
        print(f"wrote {g.export(a.format, a.output)}")
    else:
        sys.stdout.buffer.write(g.export(a.format))
    return 0


def cmd_viz(a: argparse.Namespace) -> int:
    from .api import KnowledgeGraph
    from .viz import trim_to_central, write_html

    if a.max_nodes is not None and a.max_nodes < 1:
        print(f"kg: --max-nodes must be at least 1, not {a.max_nodes}", file=sys.stderr)
        return 2
    graph = KnowledgeGraph.open(a.graph)
    if a.query:
        import pyoxigraph as ox

        from .network import from_triples
        from .query import QueryError, read_query_arg, run_query

        result = run_query(graph.store, read_query_arg(a.query))
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("kg viz --query draws the triples a CONSTRUCT (or DESCRIBE) query returns; "
                             "this query returns a table or a yes/no: run it with `kg query` instead")
        g = from_triples(result, graph.store)
        if not len(g):
            print(f"kg: the query returned no triples to draw; check what it matches with `kg query {a.query} -g {a.graph}`",
                  file=sys.stderr)
            return 1
        name = Path(a.query).stem if Path(a.query).suffix in {".rq", ".sparql"} else "query"
        out, title = a.output or str(Path(a.graph) / f"{name}.html"), f"kg: {name}"
    else:
        g = graph.to_networkx()
        out, title = a.output or str(Path(a.graph) / "graph.html"), "kg knowledge graph"
    g, note = trim_to_central(g, a.max_nodes)
    if note:
        print(f"kg: {note}", file=sys.stderr)
    elif len(g) > 20_000:
        print(f"kg: {len(g):,} nodes take a browser a while to draw and filter; "
              "`--max-nodes 5000` draws the most central ones", file=sys.stderr)
    path = write_html(g, out, title=title, note=note)
    print(f"wrote {path} ({g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges)")
    return 0


def cmd_eval(a: argparse.Namespace) -> int:
    from .eval_errors import show_errors
    from .evaluate import Predicted, format_scores, load_gold, score, triples_from_store
    from .store import OxigraphStore

    store = OxigraphStore.open(a.graph, read_only=True)
    pred = Predicted(triples_from_store(store), load_gold(a.gold))
    s = score(pred)
    print(format_scores(s))
    if a.show_errors:
        print(show_errors(pred, s, store))
    return 0


def cmd_validate(a: argparse.Namespace) -> int:
    from .api import KnowledgeGraph

    ok, text = KnowledgeGraph.open(a.graph).validate()
    print("the graph conforms to ontology/shapes.ttl" if ok else text)
    return 0 if ok else 1


def cmd_train(a: argparse.Namespace) -> int:
    from .train import main as train_main

    argv = [x for pair in (a.set or []) for x in ("--set", *pair)]
    argv += ["--min-precision", str(a.min_precision), "--l2", str(a.l2), "--judges", a.judges]
    argv += ["-o", a.output] if a.output else []
    train_main(argv)
    return 0


def cmd_serve(a: argparse.Namespace) -> int:
    from .serve import serve

    serve(a.graph, host=a.host, port=a.port, timeout=a.timeout, max_rows=a.max_rows)
    return 0


def _changed_graph_options(cmd: argparse.ArgumentParser) -> None:
    """The options of the commands that change a built graph in place (``add``, ``remove``)."""
    cmd.add_argument("-g", "--graph", "-o", "--output", dest="graph", default=DEFAULT_DIR,
                     help="graph folder (default: output/)")
    cmd.add_argument("--store", metavar="URL", help="the SPARQL 1.1 Update endpoint the graph was built into")


def _command(sub, name: str, summary: str, *examples: str) -> argparse.ArgumentParser:
    """A sub-command whose ``--help`` says what it does and shows how it is typed.

    >>> p = argparse.ArgumentParser(prog="kg"); sub = p.add_subparsers()
    >>> "kg validate" in _command(sub, "validate", "check the graph", "kg validate").format_help()
    True
    """
    epilog = "examples:\n" + "\n".join(f"  {e}" for e in examples)
    return sub.add_parser(name, help=summary, description=summary[:1].upper() + summary[1:] + ".", epilog=epilog,
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="Turn news articles into an RDF knowledge graph.",
                                epilog="examples:\n  kg build examples/\n  kg query queries/postponed.rq\n"
                                       "  kg COMMAND --help    (what each command does, with examples)",
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    b = _command(sub, "build", "build the graph from article files or folders",
                 "kg build examples/", "kg build corpus/ more.txt -o output --n-process 2",
                 "kg build examples/ --store http://localhost:7878")
    b.add_argument("paths", nargs="+", help=".txt files or folders of them")
    b.add_argument("-o", "--output", default=DEFAULT_DIR, help="output folder (default: output/)")
    b.add_argument("--store", metavar="URL", help="write the graph to this SPARQL 1.1 Update endpoint "
                   "(Oxigraph, Fuseki, GraphDB, Virtuoso) instead of OUTPUT/store")
    b.add_argument("--n-process", type=int, metavar="N",
                   help="worker processes that parse the articles (default: every core for 48 articles or more)")
    b.add_argument("--batch-size", type=int, default=16, metavar="N", help="articles per nlp.pipe batch (default: 16)")
    b.add_argument("--dask", metavar="ADDRESS", help="parse on a dask.distributed cluster: a scheduler address "
                   "(tcp://host:8786) or 'local' for a LocalCluster on this machine")
    b.set_defaults(func=cmd_build)

    q = _command(sub, "query", "run a SPARQL query (inline, a .rq file, or a saved one with --name)",
                 "kg query queries/postponed.rq --format csv",
                 "kg query 'SELECT ?who ?m WHERE { ?who kg:postponed ?m }' -g output",
                 "kg query --name timeline --param meeting=summit")
    q.add_argument("query", nargs="?", help="the query text, or the path of a .rq / .sparql file")
    q.add_argument("--name", help="a saved query of queries/ (mediators, postponements, met, "
                   "meetings-by-place-month, timeline, contradictions, ...)")
    q.add_argument("--param", action="append", metavar="NAME=VALUE", help="a parameter of the saved query (repeatable)")
    q.add_argument("-g", "--graph", default=DEFAULT_DIR, help="graph folder (default: output/)")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="table (default), csv, or json (SPARQL 1.1 results JSON for SELECT and ASK)")
    q.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds before the query is stopped (default: 30)")
    q.set_defaults(func=cmd_query)

    t = _command(sub, "timeline", "each meeting's status events in date order, with their sources",
                 "kg timeline", "kg timeline summit -g output --format json")
    t.add_argument("meeting", nargs="?", help="part of the meeting's label (default: every meeting)")
    t.add_argument("-g", "--graph", default=DEFAULT_DIR, help="graph folder (default: output/)")
    t.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")
    t.set_defaults(func=cmd_timeline)

    c = _command(sub, "contradictions", "pairs of reports about a meeting that cannot both hold",
                 "kg contradictions", "kg contradictions -g output --format json")
    c.add_argument("-g", "--graph", default=DEFAULT_DIR, help="graph folder (default: output/)")
    c.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")
    c.set_defaults(func=cmd_contradictions)

    st = _command(sub, "stats", "actor-network analysis: brokers, communities, proposers, postponers, meetings per month",
                  "kg stats", "kg stats --chart stats.png", "kg stats -g output --top 5 --chart stats.svg")
    st.add_argument("-g", "--graph", default=DEFAULT_DIR, help="graph folder (default: output/)")
    st.add_argument("--top", type=int, default=10, help="rows per ranking (default: 10)")
    st.add_argument("--chart", metavar="FILE", help="also draw the analysis as a chart (.png or .svg)")
    st.set_defaults(func=cmd_stats)

    e = _command(sub, "export", "export the graph",
                 "kg export --format turtle -o graph.ttl", "kg export --format json-ld -g output > graph.jsonld")
    e.add_argument("-g", "--graph", default=DEFAULT_DIR, help="graph folder (default: output/)")
    e.add_argument("--format", default="turtle", choices=["turtle", "trig", "nt", "nq", "json-ld", "graphml", "csv"],
                   help="turtle (default), trig, nt, nq, json-ld; graphml or csv: the networkx view")
    e.add_argument("-o", "--output", help="file to write (default: standard output)")
    e.set_defaults(func=cmd_export)

    v = _command(sub, "viz", "write the interactive HTML network (one self-contained file, works offline)",
                 "kg viz -o graph.html", "kg viz --query queries/neighbourhood.rq --max-nodes 500")
    v.add_argument("-g", "--graph", default=DEFAULT_DIR, help="graph folder (default: output/)")
    v.add_argument("-o", "--output", help="HTML file (default: GRAPH/graph.html, or GRAPH/<query name>.html with --query)")
    v.add_argument("--query", metavar="FILE.rq", help="draw only the triples this CONSTRUCT query returns")
    v.add_argument("--max-nodes", type=int, metavar="N", help="keep the N most central nodes (degree centrality)")
    v.set_defaults(func=cmd_viz)

    ev = _command(sub, "eval", "score the graph against gold annotations",
                 "kg eval --gold ../shared/eval/gold --show-errors")
    ev.add_argument("-g", "--graph", default=DEFAULT_DIR, help="graph folder (default: output/)")
    ev.add_argument("--gold", required=True, help="folder of gold JSON files")
    ev.add_argument("--show-errors", action="store_true", help="list false positives (with sentences) and misses")
    ev.set_defaults(func=cmd_eval)

    tr = _command(sub, "train", "train the relation linker from gold sets (never news-test)",
                  "kg train", "kg train --set eval/dev/corpus eval/dev/gold -o /tmp/linker.json")
    tr.add_argument("--set", nargs=2, action="append", metavar=("CORPUS", "GOLD"),
                    help="a corpus folder and its gold folder (repeatable; default: seeds, eval/dev, eval/extra, news-train)")
    tr.add_argument("-o", "--output", help="weights file (default: the packaged kg/data/linker.json)")
    tr.add_argument("--min-precision", type=float, default=0.6, help="cross-validated precision floor (default 0.6)")
    tr.add_argument("--l2", type=float, default=3.0, help="L2 penalty (default 3.0)")
    tr.add_argument("--judges", choices=["all", "uncertain"], default="all",
                    help="which candidates the linker decides (default: all)")
    tr.set_defaults(func=cmd_train)

    va = _command(sub, "validate", "check the graph against the SHACL shapes",
                 "kg validate -g output")
    va.add_argument("-g", "--graph", default=DEFAULT_DIR, help="graph folder (default: output/)")
    va.set_defaults(func=cmd_validate)

    ad = _command(sub, "add", "add articles to a built graph (only they are parsed; same graph as a rebuild)",
                 "kg add new-articles/ -g output")
    ad.add_argument("paths", nargs="+", help=".txt files or folders of them")
    _changed_graph_options(ad)
    ad.set_defaults(func=cmd_add)

    rm = _command(sub, "remove", "remove articles (document id, file name or content-hash prefix)",
                 "kg remove 003_17fd3ca9ceb45d32", "kg remove examples/003_17fd3ca9ceb45d32.txt -g output")
    rm.add_argument("docs", nargs="+", metavar="DOC", help="document id, file name or content-hash prefix (6+ hex digits)")
    _changed_graph_options(rm)
    rm.set_defaults(func=cmd_remove)

    se = _command(sub, "serve", "serve the graph: read-only SPARQL endpoint, query UI and HTML view",
                 "kg serve", "kg serve -g output --port 8080 --timeout 10")
    se.add_argument("-g", "--graph", default=DEFAULT_DIR, help="graph folder (default: output/)")
    se.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    se.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT}; 0 picks a free one)")
    se.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                    help=f"seconds a query may run (default: {DEFAULT_TIMEOUT:g})")
    se.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS,
                    help=f"rows (or triples) a query returns at most (default: {DEFAULT_MAX_ROWS})")
    se.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    from .ingest import IngestError
    from .query import QueryError
    from .store import StoreError

    a = parser().parse_args(argv)
    try:
        return a.func(a)
    except QueryError as e:
        print(f"kg: {e}", file=sys.stderr)
        return 2
    except (StoreError, IngestError, ValueError) as e:
        print(f"kg: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as e:  # disk full, read-only folder, a file that vanished: say which and what to do
        if e.errno is None:  # raised by kg with its own message
            print(f"kg: {e}", file=sys.stderr)
            return 1
        where = f" {e.filename}" if e.filename else ""
        print(f"kg: cannot read or write{where} ({e.strerror or e}); check the path, its permissions and the free "
              "disk space, then run the command again", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 (one line for the user; KG_DEBUG=1 shows the traceback)
        if os.environ.get("KG_DEBUG"):
            raise
        print(f"kg: failed: {type(e).__name__}: {e}; run again with KG_DEBUG=1 for the details, and report it "
              "if it persists", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
