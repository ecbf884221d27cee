"""Serve: a read-only SPARQL 1.1 endpoint over a built graph, with a query UI and the graph's HTML view.

``kg serve -g DIR`` runs the Oxigraph server (the ``oxigraph`` package from
PyPI) in read-only mode on a private loopback port, and puts kg's own HTTP
front before it. The front is the only thing clients reach; for every query it

* parses the query with a real SPARQL parser (:mod:`kg.sparql_guard`) and
  refuses updates, ``SERVICE`` (Oxigraph would fetch any URL a query names,
  even in read-only mode) and ``FROM`` / ``FROM NAMED`` naming anything but a
  named graph of the store;
* negotiates the result format (SPARQL JSON, XML, CSV, TSV for SELECT and
  ASK; Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT and DESCRIBE);
* reads at most ``--max-rows`` rows and stops the query after ``--timeout``
  seconds. Oxigraph cancels most queries itself at that time, but a join that
  never yields a row can run on; then the front restarts the server, since
  waiting would leave a core busy for good.

Routes: ``/`` the graph's HTML view (``DIR/graph.html``), ``/ui`` the query
UI (YASGUI, bundled with Oxigraph, works offline), ``/query`` (and
``/sparql``) the endpoint, GET or POST. ``/update`` and the Graph Store
Protocol answer 403. When ``kg add`` / ``kg remove`` swap the store, the
next query restarts the server on the new one.

One module per job: :mod:`.negotiation` (result formats), :mod:`.backend`
(the Oxigraph process), :mod:`.front` (checking, forwarding, capping),
:mod:`.pages` (the UI page, from ``kg/templates/ui.html``) and
:mod:`.httpd` (routes and the listening server).

>>> negotiate("text/html", list(RESULT_TYPES)) is None
True
"""
from __future__ import annotations

from .backend import ServeError, free_port, oxigraph_binary, stop_process, wait_listening
from .front import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Front, Reply, with_prefixes
from .httpd import DEFAULT_PORT, MAX_BODY, Handler, Server, make_server, serve
from .negotiation import FORMAT_PARAM, GRAPH_TYPES, RESULT_TYPES, negotiate

__all__ = ["DEFAULT_MAX_ROWS", "DEFAULT_PORT", "DEFAULT_TIMEOUT", "FORMAT_PARAM", "GRAPH_TYPES", "MAX_BODY",
           "RESULT_TYPES", "Front", "Handler", "Reply", "ServeError", "Server", "free_port", "make_server",
           "negotiate", "oxigraph_binary", "serve", "stop_process", "wait_listening", "with_prefixes"]
