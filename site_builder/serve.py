"""`site-builder serve`: build, serve on loopback, rebuild and reload pages on change."""

from __future__ import annotations

import logging
from pathlib import Path

from livereload import Server

from site_builder.build import BuildOptions, build
from site_builder.config import CONFIG_FILE, SiteConfig, load_config
from site_builder.diagnostics import BuildError

logger = logging.getLogger(__name__)


def serve(config: SiteConfig, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build once, then serve `output_dir` and rebuild whenever a watched file changes.

    A failed rebuild is reported in the terminal and leaves the last good site served.
    """
    output = config.output_path

    def rebuild() -> None:
        try:
            current = load_config(config.root)
            result = build(current, BuildOptions(output=output))
        except BuildError as error:
            for item in error.diagnostics:
                logger.error(item.format())
            logger.error("Build failed; still serving the last good site.")
            return
        logger.warning("Rebuilt %d documents in %.2f s", len(result.site.documents), result.seconds)

    rebuild()
    server = Server()
    for watched in (config.content_path, config.root / "templates", config.root / "static"):
        if Path(watched).exists():
            server.watch(str(watched), rebuild, delay=0.2)
    server.watch(str(config.root / CONFIG_FILE), rebuild, delay=0.2)
    logger.warning("Serving %s on http://%s:%d/ (Ctrl-C to stop)", output, host, port)
    server.serve(host=host, port=port, root=str(output), open_url_delay=None)
