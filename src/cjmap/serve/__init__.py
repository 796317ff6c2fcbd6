"""``cjmap serve``: the live preview, a local web server that follows the journey files.

The parts, each one job: ``site.py`` (the table of journeys found, their pages and versions),
``watch.py`` (the file watcher that keeps the table current), ``live.py`` (the reload script
and its event stream), ``guard.py`` (what a request may ask), ``app.py`` (the routes) and
``server.py`` (the socket, uvicorn, Ctrl-C). Rendering is not here: ``commands/serve.py``
hands the site a ``Renderer`` (render/ is a feature beside this one, and features do not
import each other). Unlike show/, stats/ and diff/ there is no ``FORMATS`` registry: a web
page is the only thing it makes.
"""
